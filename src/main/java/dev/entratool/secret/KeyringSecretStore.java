package dev.entratool.secret;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.Environment;
import dev.entratool.secret.dbus.SecretServiceClient;
import dev.entratool.secret.dbus.SecretServiceClient.Done;
import dev.entratool.secret.dbus.SecretServiceClient.Found;
import dev.entratool.secret.dbus.SecretServiceClient.Lookup;
import dev.entratool.secret.dbus.SecretServiceClient.NotFound;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OS secret store through java-keyring: Secret Service over D-Bus on Linux (GNOME Keyring, KWallet,
 * KeePassXC), the Keychain on macOS, Credential Manager on Windows.
 *
 * <p>On the Secret Service, reads, writes and deletes go first through {@link SecretServiceClient}, which answers
 * in milliseconds where java-keyring's first call costs 300-900 ms (dbus-java). java-keyring is created only for
 * what the fast client cannot do (a locked keyring that needs a prompt, an abstract bus socket, several matching
 * items, which java-keyring reports as an error).
 */
public final class KeyringSecretStore implements SecretStore {
  private static final String PROBE_ACCOUNT = "entratool:probe";

  /** Null where java-keyring does not use the Secret Service (macOS, Windows). */
  private final SecretServiceClient fastClient;
  /** The fast client answered a probe lookup at open: the store is reachable and unlocked. */
  private final boolean fastClientAnswered;
  private Keyring keyring;

  private KeyringSecretStore(SecretServiceClient fastClient, boolean fastClientAnswered) {
    this.fastClient = fastClient;
    this.fastClientAnswered = fastClientAnswered;
  }

  /**
   * Connects to the OS store, or explains why there is none. When the fast client answers, java-keyring is left
   * unloaded until something needs it.
   */
  public static KeyringSecretStore open(Environment env) throws BackendNotSupportedException {
    SecretServiceClient client = usesSecretService()
        ? new SecretServiceClient(env.get("DBUS_SESSION_BUS_ADDRESS")) : null;
    boolean answered = client != null && answers(client.lookup(attributes(PROBE_ACCOUNT)));
    KeyringSecretStore store = new KeyringSecretStore(client, answered);
    if (!answered) {
      store.keyring();
    }
    return store;
  }

  /** The backend java-keyring picks: Keychain on macOS, Credential Manager on Windows, else Secret Service. */
  public static boolean usesSecretService() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return !os.contains("mac") && !os.contains("win");
  }

  private static boolean answers(Lookup lookup) {
    return lookup instanceof Found || lookup instanceof NotFound;
  }

  /** The attributes java-keyring 1.0.4 gives every item it writes (its label is "service|account"). */
  public static Map<String, String> attributes(String account) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("service", SERVICE);
    attributes.put("account", account);
    return attributes;
  }

  /** The label java-keyring 1.0.4 gives its items, so that items written by either look the same. */
  static String label(String account) {
    return SERVICE + "|" + account;
  }

  /** java-keyring, created on first use: it loads dbus-java and opens its own D-Bus connection. */
  private Keyring keyring() throws BackendNotSupportedException {
    if (keyring == null) {
      try {
        keyring = Keyring.create();
      } catch (LinkageError e) {
        throw new BackendNotSupportedException("java-keyring cannot load its backend", e);
      }
    }
    return keyring;
  }

  /** Whether java-keyring was created, for tests that check the fast client did the work. */
  boolean javaKeyringCreated() {
    return keyring != null;
  }

  /**
   * True when the store answers a lookup. A Secret Service with no unlocked default collection (a fresh container,
   * a session without a login keyring) connects fine but fails every call; auto-selection then uses the file store.
   */
  public boolean usable() {
    if (fastClientAnswered) {
      return true;
    }
    try {
      keyring().getPassword(SERVICE, PROBE_ACCOUNT);
      return true;
    } catch (PasswordAccessException e) {
      return isMissing(e);
    } catch (BackendNotSupportedException | RuntimeException e) {
      return false;
    }
  }

  /** Cache hits skip java-keyring and JCE when the fast client answers here: see {@link SecretKind#FAST_TOKEN}. */
  @Override
  public boolean keepsFastTokens() {
    return fastClientAnswered;
  }

  @Override
  public Optional<String> read(String profile, SecretKind kind) {
    if (fastClient != null) {
      Lookup lookup = fastClient.lookup(attributes(kind.account(profile)));
      if (lookup instanceof Found) {
        return Optional.of(((Found) lookup).secret());
      }
      if (lookup instanceof NotFound) {
        return Optional.empty();
      }
    }
    try {
      return Optional.ofNullable(keyring().getPassword(SERVICE, kind.account(profile)));
    } catch (PasswordAccessException e) {
      if (isMissing(e)) {
        return Optional.empty();
      }
      throw failure("read the " + kind.label() + " of profile '" + profile + "'", e);
    } catch (BackendNotSupportedException | RuntimeException e) {
      throw failure("read the " + kind.label() + " of profile '" + profile + "'", e);
    }
  }

  @Override
  public void write(String profile, SecretKind kind, String secret) {
    // Only when the fast client answered at open: otherwise it would fail again, after a wasted connection.
    if (fastClientAnswered) {
      String account = kind.account(profile);
      if (fastClient.store(attributes(account), label(account), secret) instanceof Done) {
        return;
      }
    }
    try {
      keyring().setPassword(SERVICE, kind.account(profile), secret);
    } catch (PasswordAccessException | BackendNotSupportedException | RuntimeException e) {
      throw failure("store the " + kind.label() + " of profile '" + profile + "'", e);
    }
  }

  @Override
  public void delete(String profile, SecretKind kind) {
    if (fastClientAnswered && fastClient.delete(attributes(kind.account(profile))) instanceof Done) {
      return;
    }
    try {
      keyring().deletePassword(SERVICE, kind.account(profile));
    } catch (PasswordAccessException e) {
      if (!isMissing(e)) {
        throw failure("delete the " + kind.label() + " of profile '" + profile + "'", e);
      }
    } catch (BackendNotSupportedException | RuntimeException e) {
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
        : e instanceof BackendNotSupportedException ? "no OS keyring is reachable: " + e.getMessage()
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
