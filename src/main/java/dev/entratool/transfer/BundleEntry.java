package dev.entratool.transfer;

import dev.entratool.profile.Profile;
import dev.entratool.secret.SecretKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One profile in a bundle, with the secrets exported alongside it (none unless {@code --include-secrets}).
 *
 * @param secrets client secret and/or certificate password; never the token cache key
 */
public record BundleEntry(Profile profile, Map<SecretKind, String> secrets) {
  public BundleEntry {
    // EnumMap keeps the kinds in declaration order, so status lines read the same on every run.
    secrets = secrets.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(secrets));
  }

  public BundleEntry withName(String name) {
    return new BundleEntry(profile.withName(name), secrets);
  }

  /** Names the secret kinds only: a record's default toString would print the secrets. */
  @Override
  public String toString() {
    return "BundleEntry[profile=" + profile.name() + ", secrets=" + secrets.keySet() + "]";
  }
}
