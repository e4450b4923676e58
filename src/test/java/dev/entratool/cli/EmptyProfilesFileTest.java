package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * entratool never writes an empty profiles.json, so one that is empty (0 bytes, or only white space) was cut short or
 * emptied by something else: every command reports it as damaged (exit 3) and none overwrites it.
 */
class EmptyProfilesFileTest {
  static final String CLIENT = "12345678-1234-1234-1234-123456789abc";
  static final String PASSPHRASE = TestBundles.PASSPHRASE;
  @TempDir static Path shared;
  static Path bundle;
  @TempDir Path home;

  @BeforeAll
  static void sealOne() throws IOException {
    bundle = TestBundles.writePublicClient(shared.resolve("me.bundle"));
  }

  @Test
  void everyCommandReportsAnEmptyFileAndNoneOverwritesIt() throws Exception {
    Path file = home.resolve("profiles.json");
    for (String content : List.of("", " \n\t\r\n")) {
      Files.writeString(file, content);
      String why = content.isEmpty() ? "is empty (0 bytes)" : "holds no JSON value, only white space";
      CliRunner cli = new CliRunner(home).env("ENTRATOOL_EXPORT_PASSPHRASE", PASSPHRASE);
      for (String[] args : new String[][] {
          {"config", "list"},
          {"config", "list", "--json"},
          {"config", "show", "-p", "me"},
          {"config", "create", "--name", "me", "--tenant", "common", "--client-id", CLIENT, "--auth-method", "None"},
          {"config", "edit", "-p", "me", "--scopes", "https://management.azure.com/.default"},
          {"config", "delete", "-p", "me", "--yes"},
          {"config", "import", "-i", bundle.toString()},
          {"config", "export", "--all"},
          {"get-token", "-p", "me"},
          {"refresh", "-p", "me"}}) {
        CliRunner.Result r = cli.run(args);
        String command = String.join(" ", args);
        assertThat(r.exitCode()).as("%s on %s", command, why).isEqualTo(3);
        assertThat(r.out()).as(command).isEmpty();
        assertThat(r.err()).as(command).isEqualTo("Error: " + file + " " + why + "\n"
            + "Hint: Fix the file by hand or move it aside; entratool will not overwrite it while it is invalid\n");
        assertThat(Files.readString(file)).as("%s leaves the file as it was", command).isEqualTo(content);
      }
      try (Stream<Path> files = Files.list(home)) {
        assertThat(files.map(p -> p.getFileName().toString())).as("nothing written beside it")
            .doesNotContain("secrets.vault", "cache").noneMatch(n -> n.endsWith(".tmp"));
      }
    }
  }
}
