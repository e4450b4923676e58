package dev.entratool.testing;

import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A secret store in memory, its entries by account ({@code <profile>:<kind>}). */
public final class MemorySecrets implements SecretStore {
  public final Map<String, String> items = new TreeMap<>();
  /** Runs on every change of the store. */
  public Runnable onChange = () -> { };

  @Override
  public Optional<String> read(String profile, SecretKind kind) {
    return Optional.ofNullable(items.get(kind.account(profile)));
  }

  @Override
  public void write(String profile, SecretKind kind, String secret) {
    items.put(kind.account(profile), secret);
    onChange.run();
  }

  @Override
  public void delete(String profile, SecretKind kind) {
    items.remove(kind.account(profile));
    onChange.run();
  }

  @Override
  public String backendName() {
    return "memory";
  }

  @Override
  public String protection() {
    return "none";
  }
}
