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

  default void deleteAll(String profile) {
    for (SecretKind kind : SecretKind.values()) {
      delete(profile, kind);
    }
  }
}
