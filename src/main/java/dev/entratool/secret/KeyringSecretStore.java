package dev.entratool.secret;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.util.Locale;
import java.util.Optional;

/**
 * The OS secret store through java-keyring: Secret Service over D-Bus on Linux (GNOME Keyring, KWallet,
 * KeePassXC), the Keychain on macOS, Credential Manager on Windows.
 */
public final class KeyringSecretStore implements SecretStore {
  private final Keyring keyring;

  private KeyringSecretStore(Keyring keyring) {
    this.keyring = keyring;
  }

  /** Connects to the OS store, or explains why there is none. */
  public static KeyringSecretStore open() throws BackendNotSupportedException {
    return new KeyringSecretStore(Keyring.create());
  }

  /**
   * True when the store answers a lookup. A Secret Service with no unlocked default collection (a fresh container,
   * a session without a login keyring) connects fine but fails every call; auto-selection then uses the file store.
   */
  public boolean usable() {
    try {
      keyring.getPassword(SERVICE, "entratool:probe");
      return true;
    } catch (PasswordAccessException e) {
      return isMissing(e);
    } catch (RuntimeException e) {
      return false;
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
        + detail, "Unlock your keyring, or set ENTRATOOL_SECRET_STORE=file to use the encrypted file store",
        e);
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
    return "secrets are kept by the OS keyring, encrypted with your login and unreadable to other users";
  }
}
