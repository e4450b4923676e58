package dev.entratool.secret;

import java.util.Optional;

/**
 * Where client secrets, certificate passwords and cache keys live: never in profiles.json. Closed at the end of the
 * run that chose it, which releases what its calls keep open (a connection to the keyring).
 */
public interface SecretStore extends AutoCloseable {
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

  @Override
  default void close() {}

  default void deleteAll(String profile) {
    for (SecretKind kind : SecretKind.values()) {
      delete(profile, kind);
    }
  }
}
