package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliBasicsTest {
  @TempDir Path home;

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliRunner.Result r = new CliRunner(home).run("--help");
    assertThat(r.exitCode()).isZero();
    // the description column moves with the longest command name
    assertThat(r.out()).containsPattern("\n  config +Create, list, show, edit and delete profiles\\.\n")
        .containsPattern("\n  get-token +Get an access token for a profile \\(cached while it stays valid\\)\\.\n")
        .containsPattern("\n  refresh +Refresh a signed-in profile's token with its cached refresh token\\.\n")
        .containsPattern("\n  inspect +Decode a token")
        .containsPattern("\n  discover +Check that a token")
        .contains("Exit codes:")
        .contains("  3     profile not found or invalid")
        .contains("  8     no usable token");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void everySubcommandHelpHasExamplesAndExitCodes() {
    for (String[] cmd : new String[][] {{"get-token", "--help"}, {"refresh", "--help"}, {"inspect", "--help"},
        {"discover", "--help"}, {"config", "--help"}, {"config", "create", "--help"},
        {"config", "list", "--help"}, {"config", "show", "--help"}, {"config", "edit", "--help"},
        {"config", "delete", "--help"}, {"config", "export", "--help"},
        {"config", "import", "--help"}}) {
      CliRunner.Result r = new CliRunner(home).run(cmd);
      assertThat(r.exitCode()).as(String.join(" ", cmd)).isZero();
      assertThat(r.out()).as(String.join(" ", cmd)).contains("Examples:").contains("Exit codes:");
    }
  }

  @Test
  void getTokenHelpTeachesExit8ForNoAzureCliSignIn() {
    CliRunner.Result r = new CliRunner(home).run("get-token", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).containsPattern("\n  8 +no usable token \\(malformed, missing, nothing cached, no refresh "
        + "token,\\s+no Azure CLI sign-in\\)\n");
  }

  @Test
  void helpExamplesShowPercentSignsLiterally() {
    assertThat(new CliRunner(home).run("config", "create", "--help").out())
        .contains("  printf '%s\\n' \"$SECRET\" | entratool config create --name graph-sp");
    assertThat(new CliRunner(home).run("config", "edit", "--help").out())
        .contains("  printf '%s\\n' \"$NEW_SECRET\" | entratool config edit -p graph-sp --secret-stdin");
  }

  @Test
  void versionPrintsTheVersion() {
    CliRunner.Result r = new CliRunner(home).run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("entratool ");
  }

  @Test
  void unknownOptionIsAUsageErrorNamingTheToken() {
    CliRunner.Result r = new CliRunner(home).run("config", "list", "--jsno");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Error: Unknown option: '--jsno'\n")
        .contains("Hint: Run 'entratool config list --help' for usage");
  }

  @Test
  void unknownCommandSuggestsTheClosestOne() {
    CliRunner.Result r = new CliRunner(home).run("confg");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Error: Unmatched argument at index 0: 'confg'")
        .containsPattern("Did you mean: (.+, )?config[,?]");
  }

  @Test
  void noStackTraceUnlessVerbose() throws Exception {
    java.nio.file.Files.writeString(home.resolve("profiles.json"), "{broken");
    CliRunner.Result quiet = new CliRunner(home).run("config", "list");
    assertThat(quiet.exitCode()).isEqualTo(3);
    assertThat(quiet.err()).startsWith("Error: " + home.resolve("profiles.json") + " is not valid JSON at line 1")
        .contains("Hint: Fix the file by hand").doesNotContain("\tat ");
    CliRunner.Result verbose = new CliRunner(home).run("config", "list", "--verbose");
    assertThat(verbose.exitCode()).isEqualTo(3);
    assertThat(verbose.err()).contains("\tat dev.entratool.");
  }
}
