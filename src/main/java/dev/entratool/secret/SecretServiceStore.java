package dev.entratool.secret;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.secret.dbus.SecretServiceClient;
import dev.entratool.secret.dbus.SecretServiceClient.Found;
import dev.entratool.secret.dbus.SecretServiceClient.Lookup;
import dev.entratool.secret.dbus.SecretServiceClient.NotFound;
import dev.entratool.secret.dbus.SecretServiceClient.Unavailable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret Service (GNOME Keyring, KWallet, KeePassXC) through entratool's own D-Bus client. {@link SecretStores}
 * chooses it on Linux when that client answers a probe lookup; from then on it serves every call of the run, and a
 * call it cannot answer is an error with a hint, never handed to java-keyring.
 *
 * <p>Its items look like the ones java-keyring 1.0.4 writes (same attributes and label), so either client reads what
 * the other wrote: a keyring that is locked one day and unlocked the next keeps its secrets, whichever client the
 * selection chose.
 */
final class SecretServiceStore implements SecretStore {
  /**
   * For calls after the probe, longer than the client's default: the service has answered, so a slow answer is load,
   * and now that a failure is an error rather than a fallback, waiting a little longer is worth it.
   */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final SecretServiceClient client;

  private SecretServiceStore(SecretServiceClient client) {
    this.client = client;
  }

  /**
   * The store, when its client answers a probe lookup (a running service with an unlocked default collection, on a
   * bus it can reach); empty when the client declines, for whatever reason, so that java-keyring may try.
   */
  static Optional<SecretServiceStore> open(Optional<String> busAddress) {
    SecretServiceClient prober = new SecretServiceClient(busAddress);
    Lookup probe = prober.lookup(attributes(SecretStores.PROBE_ACCOUNT));
    if (probe instanceof Found || probe instanceof NotFound) {
      // the calls that follow go on over the probe's connection
      return Optional.of(new SecretServiceStore(prober.withTimeout(CALL_TIMEOUT)));
    }
    prober.close();
    return Optional.empty();
  }

  /** The attributes java-keyring 1.0.4 gives every item it writes. */
  private static Map<String, String> attributes(String account) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("service", SERVICE);
    attributes.put("account", account);
    return attributes;
  }

  /** The label java-keyring 1.0.4 gives its items. */
  private static String label(String account) {
    return SERVICE + "|" + account;
  }

  @Override
  public Optional<String> read(String profile, SecretKind kind) {
    Lookup lookup = client.lookup(attributes(kind.account(profile)));
    if (lookup instanceof Unavailable unavailable) {
      throw failure("read the " + kind.label() + " of profile '" + profile + "'", unavailable);
    }
    return lookup instanceof Found found ? Optional.of(found.secret()) : Optional.empty();
  }

  @Override
  public void write(String profile, SecretKind kind, String secret) {
    String account = kind.account(profile);
    if (client.store(attributes(account), label(account), secret) instanceof Unavailable unavailable) {
      throw failure("store the " + kind.label() + " of profile '" + profile + "'", unavailable);
    }
  }

  @Override
  public void delete(String profile, SecretKind kind) {
    if (client.delete(attributes(kind.account(profile))) instanceof Unavailable unavailable) {
      throw failure("delete the " + kind.label() + " of profile '" + profile + "'", unavailable);
    }
  }

  private EntraToolException failure(String what, Unavailable unavailable) {
    return new EntraToolException(ExitCode.UNEXPECTED, "Cannot " + what + " in the " + backendName() + ": "
        + unavailable.reason(), SecretStores.UNREACHABLE_HINT);
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String backendName() {
    return "Secret Service (D-Bus)";
  }

  @Override
  public String protection() {
    return SecretStores.OS_KEYRING_PROTECTION;
  }
}
