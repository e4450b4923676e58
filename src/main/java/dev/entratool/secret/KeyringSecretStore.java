package dev.entratool.secret;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.util.Locale;
import java.util.Optional;

/**
 * The OS secret store through java-keyring: the Keychain on macOS, Credential Manager on Windows, and on Linux the
 * Secret Service when entratool's own client declined it at selection ({@link SecretStores}): a locked collection,
 * which java-keyring can prompt to unlock, a bus address without a socket path, a service the bus has yet to start.
 */
final class KeyringSecretStore implements SecretStore {
  private final Keyring keyring;

  private KeyringSecretStore(Keyring keyring) {
    this.keyring = keyring;
  }

  /** Connects to the OS store (java-keyring loads its backend here), or explains why there is none. */
  static KeyringSecretStore open() throws BackendNotSupportedException {
    try {
      return new KeyringSecretStore(Keyring.create());
    } catch (LinkageError e) {
      throw new BackendNotSupportedException("java-keyring cannot load its backend", e);
    }
  }

  /**
   * True when the store answers a lookup. A Secret Service with no unlocked default collection (a fresh container,
   * a session without a login keyring) connects fine but fails every call; auto-selection then uses the file store.
   */
  boolean usable() {
    try {
      keyring.getPassword(SERVICE, SecretStores.PROBE_ACCOUNT);
      return true;
    } catch (PasswordAccessException e) {
      return isMissing(e);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Closes java-keyring's connection to the OS store. */
  @Override
  public void close() {
    try {
      keyring.close();
    } catch (Exception e) {
      // the run is over; nothing is lost when the store's own clean-up fails
    }
  }

  @Override
  public Optional<String> read(String profile, SecretKind kind) {
    try {
      return Optional.ofNullable(keyring.getPassword(SERVICE, kind.account(profile)));
    } catch (PasswordAccessException e) {
      if (isMissing(e)) {
        return Optional.empty();
      }
      throw failure("read the " + kind.label() + " of profile '" + profile + "'", e);
    } catch (RuntimeException e) {
      throw failure("read the " + kind.label() + " of profile '" + profile + "'", e);
    }
  }

  @Override
  public void write(String profile, SecretKind kind, String secret) {
    try {
      keyring.setPassword(SERVICE, kind.account(profile), secret);
    } catch (PasswordAccessException | RuntimeException e) {
      throw failure("store the " + kind.label() + " of profile '" + profile + "'", e);
    }
  }

  @Override
  public void delete(String profile, SecretKind kind) {
    try {
      keyring.deletePassword(SERVICE, kind.account(profile));
    } catch (PasswordAccessException e) {
      if (!isMissing(e)) {
        throw failure("delete the " + kind.label() + " of profile '" + profile + "'", e);
      }
    } catch (RuntimeException e) {
      throw failure("delete the " + kind.label() + " of profile '" + profile + "'", e);
    }
  }

  private static boolean isMissing(PasswordAccessException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("no stored credentials") || m.contains("not found") || m.contains("could not find");
  }

  private EntraToolException failure(String what, Exception e) {
    // java-keyring messages name service and account, never the secret.
    String detail = e instanceof PasswordAccessException ? e.getMessage()
        : "the keyring is locked or has no default collection";
    return new EntraToolException(ExitCode.UNEXPECTED, "Cannot " + what + " in the " + backendName() + ": "
        + detail, SecretStores.UNREACHABLE_HINT, e);
  }

  @Override
  public String backendName() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("mac")) {
      return "macOS Keychain";
    }
    if (os.contains("win")) {
      return "Windows Credential Manager";
    }
    return "Secret Service (D-Bus)";
  }

  @Override
  public String protection() {
    return SecretStores.OS_KEYRING_PROTECTION;
  }
}
