package dev.entratool.secret;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Picks the secret store, once per run: {@code ENTRATOOL_SECRET_STORE=keyring|file}, else the OS keyring when it
 * answers, else the encrypted file store. On Linux the OS keyring is the Secret Service through entratool's own D-Bus
 * client when that client answers a probe ({@link SecretServiceStore}), else through java-keyring
 * ({@link KeyringSecretStore}), which can prompt to unlock and reach buses the own client cannot; macOS and Windows
 * use java-keyring. The store chosen serves every call: none falls back to another client.
 */
public final class SecretStores {
  /** The account both clients look up to see whether the store answers: never stored. */
  static final String PROBE_ACCOUNT = "entratool:probe";
  /** What the OS keyring protects against, whichever client reaches it. */
  static final String OS_KEYRING_PROTECTION =
      "secrets are kept by the OS keyring, encrypted with your login and unreadable to other users";
  /** The hint for a call the chosen keyring store cannot answer. */
  static final String UNREACHABLE_HINT =
      "Unlock your keyring, or set ENTRATOOL_SECRET_STORE=file to use the encrypted file store";

  private SecretStores() {}

  /**
   * @param notice where to say (once, on stderr) that the file fallback is in use and what it protects against
   */
  public static SecretStore select(Environment env, AppPaths paths, Consumer<String> notice) {
    String forced = configured(env);
    if (forced.equals("file")) {
      return fileStore(env, paths, notice);
    }
    if (!forced.isEmpty() && !forced.equals("keyring")) {
      throw EntraToolException.usage("ENTRATOOL_SECRET_STORE='" + forced + "' is not known",
          "Use ENTRATOOL_SECRET_STORE=keyring or ENTRATOOL_SECRET_STORE=file, or unset it");
    }
    if (usesSecretService()) {
      Optional<SecretServiceStore> own = SecretServiceStore.open(env.get("DBUS_SESSION_BUS_ADDRESS"));
      if (own.isPresent()) {
        return own.get();
      }
    }
    KeyringSecretStore keyring;
    try {
      keyring = KeyringSecretStore.open();
    } catch (Exception | LinkageError e) { // no java-keyring type named here: not even loaded where it is not used
      if (forced.isEmpty()) {
        return fileStore(env, paths, notice); // no OS store reachable
      }
      throw new EntraToolException(ExitCode.UNEXPECTED,
          "ENTRATOOL_SECRET_STORE=keyring, but no OS keyring is reachable: " + e.getMessage(),
          "Start your keyring (on Linux a Secret Service such as GNOME Keyring on the D-Bus session bus), "
              + "or unset ENTRATOOL_SECRET_STORE to fall back to the encrypted file store", e);
    }
    if (forced.isEmpty() && !keyring.usable()) {
      keyring.close();
      return fileStore(env, paths, notice);
    }
    return keyring;
  }

  /** {@code ENTRATOOL_SECRET_STORE} as set (trimmed, lower-cased), or "" when unset: auto-selection. */
  private static String configured(Environment env) {
    Optional<String> value = env.get("ENTRATOOL_SECRET_STORE");
    return value.isPresent() ? value.get().trim().toLowerCase(Locale.ROOT) : "";
  }

  /** Where the OS keyring is the Secret Service: not macOS (Keychain) or Windows (Credential Manager). */
  private static boolean usesSecretService() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return !os.contains("mac") && !os.contains("win");
  }

  private static SecretStore fileStore(Environment env, AppPaths paths, Consumer<String> notice) {
    return new EncryptedFileSecretStore(paths.vaultFile(), paths.vaultKeyFile(),
        env.get("ENTRATOOL_VAULT_PASSPHRASE"), notice);
  }
}
