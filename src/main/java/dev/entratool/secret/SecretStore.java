package dev.entratool.secret;

import java.util.Optional;

/** Where client secrets, certificate passwords and cache keys live: never in profiles.json. */
public interface SecretStore {
  /** The service name every entry is stored under. */
  String SERVICE = "entratool";

  Optional<String> read(String profile, SecretKind kind);

  void write(String profile, SecretKind kind, String secret);

  /** Removes the entry if present. */
  void delete(String profile, SecretKind kind);

  /** Short name of the backend, e.g. "Secret Service (D-Bus)". */
  String backendName();

  /** One sentence on what this backend protects against. */
  String protection();

  /**
   * True when reading an entry costs a cache hit little (no crypto start-up in this process), so that keeping the
   * newest access token here ({@link SecretKind#FAST_TOKEN}) makes cache hits faster.
   */
  default boolean keepsFastTokens() {
    return false;
  }

  default void deleteAll(String profile) {
    for (SecretKind kind : SecretKind.values()) {
      delete(profile, kind);
    }
  }
}
