package dev.entratool.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.KeyringTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets imported from a bundle land in the real OS keyring. Runs only where CI provides a D-Bus session with an
 * unlocked GNOME Keyring (ENTRATOOL_TEST_KEYRING=1); elsewhere it is skipped, never faked.
 */
class ImportIntoKeyringTest {
  static final String CLIENT = "12345678-1234-1234-1234-123456789abc";
  static final String PASSPHRASE = "keyring test passphrase";

  @TempDir Path source;
  @TempDir Path target;
  // Unique per run, so parallel or leftover runs never share keyring entries.
  private final String name = "import-kr-" + UUID.randomUUID().toString().substring(0, 8);

  private static boolean keyring() {
    return "1".equals(System.getenv("ENTRATOOL_TEST_KEYRING"));
  }

  @BeforeEach
  void requireKeyring() {
    Assumptions.assumeTrue(keyring(), "needs a Secret Service session (CI sets ENTRATOOL_TEST_KEYRING=1)");
  }

  @AfterEach
  void removeKeyringEntries() throws Exception {
    if (!keyring()) {
      return; // skipped: nothing was stored, and secret-tool may not be installed
    }
    for (String account : new String[] {name + ":client-secret", name + "-copy:client-secret"}) {
      KeyringTestSupport.secretTool("clear", "service", "entratool", "account", account);
    }
  }

  @Test
  void importedSecretIsInTheKeyring() throws Exception {
    String secret = "kr-" + UUID.randomUUID();
    CliRunner exporter = new CliRunner(source).env("ENTRATOOL_EXPORT_PASSPHRASE", PASSPHRASE);
    CliRunner.Result created = exporter.runWithStdin(secret + "\n", "config", "create", "--name", name, "--tenant",
        "contoso.onmicrosoft.com", "--client-id", CLIENT, "--auth-method", "ClientSecret", "--secret-stdin");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Path bundle = source.resolve("bundle.txt");
    CliRunner.Result exported = exporter.run("config", "export", "-p", name, "--include-secrets", "-o",
        bundle.toString());
    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    // The exporter used the file store: nothing is in the keyring before the import.
    assertThat(KeyringTestSupport.secretTool("lookup", "service", "entratool", "account", name + ":client-secret")).isNull();

    CliRunner importer = new CliRunner(target).env("ENTRATOOL_SECRET_STORE", "keyring")
        .env("ENTRATOOL_EXPORT_PASSPHRASE", PASSPHRASE);
    CliRunner.Result imported = importer.run("config", "import", "-i", bundle.toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(imported.out()).isEmpty();
    assertThat(imported.err()).isEqualTo("✓ Imported profile '" + name + "', with its client secret (stored in "
        + "Secret Service (D-Bus))\n");
    assertThat(KeyringTestSupport.secretTool("lookup", "service", "entratool", "account", name + ":client-secret")).isEqualTo(secret);
    assertThat(Files.exists(target.resolve("secrets.vault"))).isFalse();

    CliRunner.Result copy = importer.run("config", "import", "-i", bundle.toString(), "-n", name + "-copy");
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(KeyringTestSupport.secretTool("lookup", "service", "entratool", "account", name + "-copy:client-secret"))
        .isEqualTo(secret);
  }
}
