package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.KeyringTestSupport;
import dev.entratool.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret store is chosen once per run. Where entratool's own Secret Service client answered at selection, it
 * serves every call of the run: a call it cannot answer is an error with a hint, never java-keyring's turn, which is
 * not even loaded (the class-load log shows it).
 */
class SecretStoreChoiceIT {
  @TempDir Path home;

  @Test
  void aRunThatChoseTheOwnClientNeverLoadsJavaKeyringEvenWhenACallFails() throws Exception {
    KeyringTestSupport.assumeKeyring();
    String name = "choice-it-" + UUID.randomUUID().toString().substring(0, 8);
    String account = name + ":client-secret";
    Launcher launcher = new Launcher(home.resolve(".entratool")).unset("ENTRATOOL_SECRET_STORE");
    try {
      CliRunner.Result created = launcher.run("it-secret\n", "config", "create", "--name", name, "--tenant",
          "contoso.onmicrosoft.com", "--client-id", "12345678-1234-1234-1234-123456789abc", "--secret-stdin");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      assertThat(created.err()).contains("✓ Client secret stored in Secret Service (D-Bus)");
      // A second item that every search for the account matches: the own client cannot tell which one is meant.
      KeyringTestSupport.storeLookalike(account, "lookalike");

      Path classLog = home.resolve("show.log");
      CliRunner.Result show = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + classLog)
          .run(null, "config", "show", "-p", name);

      assertThat(Files.readString(classLog)).doesNotContain("com.github.javakeyring.", "org.freedesktop.dbus.")
          .contains("dev.entratool.secret.SecretServiceStore ");
      assertThat(show.exitCode()).as(show.toString()).isEqualTo(1);
      assertThat(show.err()).isEqualTo("Error: Cannot read the client secret of profile '" + name + "' in the "
          + "Secret Service (D-Bus): several items have its attributes, where one is expected\n"
          + "Hint: Unlock your keyring, or set ENTRATOOL_SECRET_STORE=file to use the encrypted file store\n");
    } finally {
      KeyringTestSupport.secretTool("clear", "service", "entratool", "account", account);
    }
  }
}
