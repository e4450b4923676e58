package dev.entratool.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.secret.dbus.PrivateBus;
import dev.entratool.testing.KeyringTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret store is chosen once per run, and the one chosen serves every call. Against the real Secret Service that
 * scripts/run-tests.sh starts, and a private GNOME Keyring of the test's own where it must be locked.
 */
class SecretStoresTest {
  private static final String SESSION_BUS = System.getenv("DBUS_SESSION_BUS_ADDRESS");

  @TempDir Path temp;
  private final String name = "sel-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void needsKeyring() {
    KeyringTestSupport.assumeKeyring();
  }

  @AfterEach
  void removeKeyringEntries() throws Exception {
    if (!"1".equals(System.getenv("ENTRATOOL_TEST_KEYRING"))) {
      return; // skipped: nothing was stored, and secret-tool may be missing
    }
    for (SecretKind kind : SecretKind.values()) {
      KeyringTestSupport.secretTool("clear", "service", "entratool", "account", kind.account(name));
    }
  }

  /** What a run selects with {@code ENTRATOOL_SECRET_STORE=store} (null: unset) on the bus at {@code busAddress}. */
  static SecretStore select(String store, String busAddress, Path home) {
    Map<String, String> vars = new HashMap<>();
    vars.put("ENTRATOOL_HOME", home.toString());
    if (store != null) {
      vars.put("ENTRATOOL_SECRET_STORE", store);
    }
    if (busAddress != null) {
      vars.put("DBUS_SESSION_BUS_ADDRESS", busAddress);
    }
    Environment env = Environment.of(vars);
    return SecretStores.select(env, AppPaths.from(env), notice -> {});
  }

  @Test
  void anAnsweringSecretServiceIsChosenAndServesEveryCall() throws Exception {
    for (String setting : new String[] {"keyring", null}) {
      SecretStore chosen = select(setting, SESSION_BUS, temp);
      assertThat(chosen).as(String.valueOf(setting)).isInstanceOf(SecretServiceStore.class);
      assertThat(chosen.backendName()).isEqualTo("Secret Service (D-Bus)");
    }
    SecretStore store = select("keyring", SESSION_BUS, temp);
    store.write(name, SecretKind.CLIENT_SECRET, "first");
    assertThat(store.read(name, SecretKind.CLIENT_SECRET)).contains("first");
    store.write(name, SecretKind.CLIENT_SECRET, "second");
    assertThat(store.read(name, SecretKind.CLIENT_SECRET)).contains("second");
    assertThat(KeyringTestSupport.secretToolLookup(SecretKind.CLIENT_SECRET.account(name))).isEqualTo("second");
    store.delete(name, SecretKind.CLIENT_SECRET);
    assertThat(store.read(name, SecretKind.CLIENT_SECRET)).isEmpty();
    assertThat(KeyringTestSupport.secretToolLookup(SecretKind.CLIENT_SECRET.account(name))).isNull();
    store.delete(name, SecretKind.CLIENT_SECRET); // nothing left to delete is no error
  }

  @Test
  void aCallTheChosenClientCannotAnswerIsAnErrorWithAHintNotAnotherClientsTurn() throws Exception {
    SecretStore store = select(null, SESSION_BUS, temp);
    assertThat(store).isInstanceOf(SecretServiceStore.class);
    store.write(name, SecretKind.CLIENT_SECRET, "one");
    String account = SecretKind.CLIENT_SECRET.account(name);
    KeyringTestSupport.storeLookalike(account, "two");

    String unclear = "in the Secret Service (D-Bus): several items have its attributes, where one is expected";
    assertThatThrownBy(() -> store.read(name, SecretKind.CLIENT_SECRET)).isInstanceOf(EntraToolException.class)
        .hasMessage("Cannot read the client secret of profile '" + name + "' " + unclear)
        .satisfies(e -> assertFailure((EntraToolException) e));
    assertThatThrownBy(() -> store.write(name, SecretKind.CLIENT_SECRET, "three"))
        .hasMessage("Cannot store the client secret of profile '" + name + "' " + unclear)
        .satisfies(e -> assertFailure((EntraToolException) e));
    assertThatThrownBy(() -> store.delete(name, SecretKind.CLIENT_SECRET))
        .hasMessage("Cannot delete the client secret of profile '" + name + "' " + unclear)
        .satisfies(e -> assertFailure((EntraToolException) e));
    // Nothing was replaced or removed on the way.
    assertThat(KeyringTestSupport.secretTool("lookup", "account", account, "origin", "test")).isEqualTo("two");
  }

  private static void assertFailure(EntraToolException e) {
    assertThat(e.exitCode()).isEqualTo(ExitCode.UNEXPECTED);
    assertThat(e.hint()).isEqualTo("Unlock your keyring, or set ENTRATOOL_SECRET_STORE=file to use the encrypted "
        + "file store");
  }

  @Test
  void aLockedCollectionSelectsJavaKeyringAtSelectionTime() throws Exception {
    try (PrivateBus bus = PrivateBus.withKeyring(Files.createDirectory(temp.resolve("bus")))) {
      assertThat(select("keyring", bus.address(), temp)).isInstanceOf(SecretServiceStore.class);

      bus.lockDefaultCollection();

      // java-keyring can prompt to unlock it. (dbus-java reaches the bus that the process's own environment names:
      // here the run's unlocked session, which is why the store it gives is usable.)
      assertThat(select("keyring", bus.address(), temp)).isInstanceOf(KeyringSecretStore.class);
      assertThat(select(null, bus.address(), temp)).isInstanceOf(KeyringSecretStore.class);
    }
  }

  @Test
  void whateverElseTheOwnClientCannotReachIsJavaKeyringsToo() throws Exception {
    try (PrivateBus bus = PrivateBus.start(Files.createDirectory(temp.resolve("bus")))) {
      for (String address : new String[] {null, "unix:abstract=/tmp/dbus-abcdef,guid=0123",
          "unix:path=" + temp.resolve("no-such-socket"), bus.address()}) {
        assertThat(select("keyring", address, temp)).as(String.valueOf(address))
            .isInstanceOf(KeyringSecretStore.class);
      }
    }
  }

  @Test
  void theFileSettingNeverTouchesTheKeyring() {
    assertThat(select("file", SESSION_BUS, temp)).isInstanceOf(EncryptedFileSecretStore.class);
    assertThat(select(" File ", "unix:path=" + temp.resolve("no-such-socket"), temp))
        .isInstanceOf(EncryptedFileSecretStore.class);
  }
}
