package dev.entratool.secret;

import dev.entratool.platform.Environment;
import java.util.Optional;

/**
 * The secret store as a profile built from the environment ({@code get-token --from-env}) sees it: its client secret
 * and certificate password are the environment's and are never stored; everything else (the token cache's key, the
 * session tier's entry) is the real store's.
 */
public final class EnvironmentSecrets implements SecretStore {
  private final SecretStore store;
  private final Environment env;
  private final String profile;

  public EnvironmentSecrets(SecretStore store, Environment env, String profile) {
    this.store = store;
    this.env = env;
    this.profile = profile;
  }

  private Optional<String> variable(SecretKind kind) {
    return switch (kind) {
      case CLIENT_SECRET -> env.get("AZURE_CLIENT_SECRET");
      case CERTIFICATE_PASSWORD -> env.get("AZURE_CLIENT_CERTIFICATE_PASSWORD");
      default -> Optional.empty();
    };
  }

  private boolean fromEnvironment(String name, SecretKind kind) {
    return profile.equals(name) && (kind == SecretKind.CLIENT_SECRET || kind == SecretKind.CERTIFICATE_PASSWORD);
  }

  @Override
  public Optional<String> read(String name, SecretKind kind) {
    return fromEnvironment(name, kind) ? variable(kind) : store.read(name, kind);
  }

  @Override
  public void write(String name, SecretKind kind, String secret) {
    if (!fromEnvironment(name, kind)) {
      store.write(name, kind, secret);
    }
  }

  @Override
  public void delete(String name, SecretKind kind) {
    if (!fromEnvironment(name, kind)) {
      store.delete(name, kind);
    }
  }

  @Override
  public String backendName() {
    return store.backendName();
  }

  @Override
  public String protection() {
    return store.protection();
  }
}
