package dev.entratool.secret;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/** Picks the secret store: {@code ENTRATOOL_SECRET_STORE=keyring|file}, else the OS keyring when reachable. */
public final class SecretStores {
  private SecretStores() {}

  /**
   * @param notice where to say (once, on stderr) that the file fallback is in use and what it protects against
   */
  public static SecretStore select(Environment env, AppPaths paths, Consumer<String> notice) {
    String forced = configured(env);
    switch (forced) {
      case "file":
        return fileStore(env, paths, notice);
      case "keyring":
        try {
          return KeyringSecretStore.open(env);
        } catch (Exception | LinkageError e) {
          throw new EntraToolException(ExitCode.UNEXPECTED,
              "ENTRATOOL_SECRET_STORE=keyring, but no OS keyring is reachable: " + e.getMessage(),
              "Start your keyring (on Linux a Secret Service such as GNOME Keyring on the D-Bus session bus), "
                  + "or unset ENTRATOOL_SECRET_STORE to fall back to the encrypted file store", e);
        }
      case "":
        try {
          KeyringSecretStore keyring = KeyringSecretStore.open(env);
          if (keyring.usable()) {
            return keyring;
          }
        } catch (Exception | LinkageError e) {
          // no OS store reachable: fall through to the file store
        }
        return fileStore(env, paths, notice);
      default:
        throw EntraToolException.usage("ENTRATOOL_SECRET_STORE='" + forced + "' is not known",
            "Use ENTRATOOL_SECRET_STORE=keyring or ENTRATOOL_SECRET_STORE=file, or unset it");
    }
  }

  /** {@code ENTRATOOL_SECRET_STORE} as set (trimmed, lower-cased), or "" when unset: auto-selection. */
  public static String configured(Environment env) {
    Optional<String> value = env.get("ENTRATOOL_SECRET_STORE"); // no lambdas: the fast path reads this too
    return value.isPresent() ? value.get().trim().toLowerCase(Locale.ROOT) : "";
  }

  private static SecretStore fileStore(Environment env, AppPaths paths, Consumer<String> notice) {
    return new EncryptedFileSecretStore(paths.vaultFile(), paths.vaultKeyFile(),
        env.get("ENTRATOOL_VAULT_PASSPHRASE"), notice);
  }
}
