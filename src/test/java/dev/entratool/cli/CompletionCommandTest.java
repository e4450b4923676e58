package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** completion SHELL, and the hidden profile list its scripts call, answered alike by the fast and the full path. */
class CompletionCommandTest {
  @TempDir Path home;

  private CliRunner cli() {
    CliRunner cli = new CliRunner(home);
    for (String name : new String[] {"graph-sp", "aks-dev"}) {
      CliRunner.Result r = cli.run("config", "create", "--name", name, "--tenant", "contoso.onmicrosoft.com",
          "--client-id", "11111111-2222-3333-4444-555555555555", "--auth-method", "None", "--default-flow",
          "DeviceCode");
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    return cli;
  }

  @Test
  void theProfileListIsTheSameOnBothPaths() {
    CliRunner cli = cli();
    CliRunner.Result fast = cli.run("__profiles");
    CliRunner.Result full = cli.env("ENTRATOOL_NO_FAST_PATH", "1").run("__profiles");
    assertThat(fast).isEqualTo(new CliRunner.Result(0, "graph-sp\naks-dev\n", ""));
    assertThat(full).isEqualTo(fast);
    assertThat(cli.run("--help").err() + cli.run("--help").out()).doesNotContain("__profiles");
  }

  @Test
  void eachShellsScriptAsksForProfilesAndOffersFlows() {
    CliRunner cli = cli();
    CliRunner.Result zsh = cli.run("completion", "zsh");
    assertThat(zsh.exitCode()).isZero();
    assertThat(zsh.out()).contains("bashcompinit").contains("$(entratool __profiles 2>/dev/null)");
    CliRunner.Result fish = cli.run("completion", "fish");
    assertThat(fish.exitCode()).isZero();
    assertThat(fish.out()).contains("complete -c entratool -n '__fish_seen_subcommand_from get-token' -s p -l "
        + "profile -x -a '(entratool __profiles 2>/dev/null)'")
        .contains("-s f -l flow -x -a 'ClientCredentials AuthorizationCode DeviceCode InteractiveBrowser OnBehalfOf'")
        .contains("__fish_seen_subcommand_from config; and __fish_seen_subcommand_from show' -s p -l profile")
        .doesNotContain("-a __profiles");
    CliRunner.Result ps = cli.run("completion", "powershell");
    assertThat(ps.exitCode()).isZero();
    assertThat(ps.out()).contains("Register-ArgumentCompleter -Native -CommandName entratool")
        .contains("& entratool __profiles 2>$null").contains("'config show' = @(")
        .contains("$flows = @('ClientCredentials', 'AuthorizationCode', 'DeviceCode', 'InteractiveBrowser', "
            + "'OnBehalfOf')");
  }

  @Test
  void anUnknownShellIsAUsageError() {
    CliRunner.Result r = new CliRunner(home).run("completion", "tcsh");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("tcsh").contains("bash, zsh, fish, powershell");
  }
}
