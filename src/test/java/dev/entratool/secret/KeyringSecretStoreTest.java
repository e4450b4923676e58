package dev.entratool.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.EntraToolException;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.KeyringTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * java-keyring's store, and the command line on the keyring, against the real Secret Service that scripts/run-tests.sh
 * starts (GNOME Keyring on a private D-Bus).
 */
class KeyringSecretStoreTest {
  @TempDir Path home;
  final String name = "kr-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void needsKeyring() {
    KeyringTestSupport.assumeKeyring();
  }

  private CliRunner cli() {
    return new CliRunner(home).env("ENTRATOOL_SECRET_STORE", "keyring");
  }

  @Test
  void secretCreatedThroughTheCliIsInTheSecretServiceAndInNoFile() throws Exception {
    String secret = "kr-secret-" + UUID.randomUUID();
    CliRunner.Result r = cli().runWithStdin(secret + "\n", "config", "create", "--name", name, "--tenant", "common",
        "--client-id", "12345678-1234-1234-1234-123456789abc", "--secret-stdin");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("✓ Client secret stored in Secret Service (D-Bus)");
    assertThat(KeyringTestSupport.secretToolLookup(name + ":client-secret")).isEqualTo(secret);
    try (Stream<Path> files = Files.walk(home)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
            .doesNotContain(secret);
      }
    }
    assertThat(cli().run("config", "list").err()).contains("Secrets: Secret Service (D-Bus)");

    String rotated = "rotated-" + UUID.randomUUID();
    CliRunner.Result edit = cli().runInteractive("Client Secret\n" + rotated + "\n", "config", "edit", "-p", name);
    assertThat(edit.exitCode()).as(edit.toString()).isZero();
    assertThat(KeyringTestSupport.secretToolLookup(name + ":client-secret")).isEqualTo(rotated);

    CliRunner.Result delete = cli().run("config", "delete", "-p", name, "--yes");
    assertThat(delete.exitCode()).isZero();
    assertThat(KeyringTestSupport.secretToolLookup(name + ":client-secret")).isNull();
  }

  @Test
  void javaKeyringReadsWhatTheOwnClientWroteAndTheOtherWayRound() throws Exception {
    KeyringSecretStore keyring = KeyringSecretStore.open();
    assertThat(keyring.usable()).isTrue();
    keyring.write(name, SecretKind.CERTIFICATE_PASSWORD, "pfx-password");
    assertThat(keyring.read(name, SecretKind.CERTIFICATE_PASSWORD)).contains("pfx-password");
    assertThat(keyring.read(name, SecretKind.CLIENT_SECRET)).isEmpty();

    // Selection may choose either client from one day to the next (a keyring locked, then unlocked).
    SecretStore own = SecretStoresTest.select("keyring", System.getenv("DBUS_SESSION_BUS_ADDRESS"), home);
    assertThat(own).isInstanceOf(SecretServiceStore.class);
    assertThat(own.read(name, SecretKind.CERTIFICATE_PASSWORD)).contains("pfx-password");
    own.write(name, SecretKind.CLIENT_SECRET, "written by the own client");
    assertThat(keyring.read(name, SecretKind.CLIENT_SECRET)).contains("written by the own client");

    keyring.deleteAll(name);
    assertThat(own.read(name, SecretKind.CERTIFICATE_PASSWORD)).isEmpty();
    assertThat(own.read(name, SecretKind.CLIENT_SECRET)).isEmpty();
    assertThat(KeyringTestSupport.secretToolLookup(SecretKind.CLIENT_SECRET.account(name))).isNull();
  }

  @Test
  void javaKeyringRefusesSeveralMatchingItemsAndChangesNothing() throws Exception {
    String account = SecretKind.CLIENT_SECRET.account(name);
    KeyringSecretStore keyring = KeyringSecretStore.open();
    keyring.write(name, SecretKind.CLIENT_SECRET, "one");
    KeyringTestSupport.storeLookalike(account, "two");
    try {
      assertThatThrownBy(() -> keyring.read(name, SecretKind.CLIENT_SECRET))
          .isInstanceOf(EntraToolException.class).hasMessageContaining("Too many stored credentials");
      assertThatThrownBy(() -> keyring.write(name, SecretKind.CLIENT_SECRET, "three"))
          .isInstanceOf(EntraToolException.class).hasMessageContaining("Too many stored credentials");
      assertThatThrownBy(() -> keyring.delete(name, SecretKind.CLIENT_SECRET))
          .isInstanceOf(EntraToolException.class).hasMessageContaining("Too many stored credentials")
          .extracting(e -> ((EntraToolException) e).hint()).asString().contains("ENTRATOOL_SECRET_STORE=file");
      assertThat(KeyringTestSupport.secretTool("lookup", "account", account, "origin", "test")).isEqualTo("two");
    } finally {
      KeyringTestSupport.secretTool("clear", "service", "entratool", "account", account);
    }
  }
}
