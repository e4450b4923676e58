package dev.entratool.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.Environment;
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

/** Against the real Secret Service that scripts/run-tests.sh starts (GNOME Keyring on a private D-Bus). */
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
  void storeApiRoundTrip() throws Exception {
    KeyringSecretStore store = KeyringSecretStore.open(Environment.system());
    store.write(name, SecretKind.CERTIFICATE_PASSWORD, "pfx-password");
    assertThat(store.read(name, SecretKind.CERTIFICATE_PASSWORD)).contains("pfx-password");
    assertThat(store.read(name, SecretKind.CLIENT_SECRET)).isEmpty();
    store.deleteAll(name);
    assertThat(store.read(name, SecretKind.CERTIFICATE_PASSWORD)).isEmpty();
    // The unlocked test keyring lets the fast client do all of it, without loading java-keyring.
    assertThat(store.javaKeyringCreated()).isFalse();
  }

  @Test
  void storeReadsWritesAndDeletesThroughTheFastClientAlone() throws Exception {
    KeyringSecretStore store = KeyringSecretStore.open(Environment.system());
    assertThat(store.usable()).isTrue();
    store.write(name, SecretKind.CLIENT_SECRET, "first");
    assertThat(store.read(name, SecretKind.CLIENT_SECRET)).contains("first");
    store.write(name, SecretKind.CLIENT_SECRET, "second");
    assertThat(store.read(name, SecretKind.CLIENT_SECRET)).contains("second");
    assertThat(KeyringTestSupport.secretToolLookup(SecretKind.CLIENT_SECRET.account(name))).isEqualTo("second");
    store.delete(name, SecretKind.CLIENT_SECRET);
    assertThat(store.read(name, SecretKind.CLIENT_SECRET)).isEmpty();
    assertThat(KeyringTestSupport.secretToolLookup(SecretKind.CLIENT_SECRET.account(name))).isNull();
    store.delete(name, SecretKind.CLIENT_SECRET);

    // Under scripts/run-tests.sh none of this may fall back to java-keyring.
    assertThat(store.javaKeyringCreated()).isFalse();
  }
}
