package dev.entratool.cli.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.Terminal;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.MemoryRuntimeDir;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The fast path never answers --exec-credential with a plain token: it leaves it to the full path's output. */
class FastPathExecCredentialTest {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  @Test
  void aCachedTokenForExecCredentialIsLeftToTheFullPath() throws Exception {
    try (MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      CliRunner cli = fx.cli(home).env("XDG_RUNTIME_DIR", runtime.path.toString());
      String client = EntraFixture.newClientId();
      fx.entra.registerApp(client).secret("s").allow("https://graph.microsoft.com", "User.Read.All");
      fx.createSecretProfile(cli, "sp", client, "s", "https://graph.microsoft.com/.default");
      String token = cli.run("get-token", "-p", "sp", "--silent").out().trim();
      Terminal none = new Terminal(false, false);
      assertThat(FastCalls.run(cli.environment(), Clock.systemUTC(), none, "get-token", "-p", "sp").out().trim())
          .as("the session entry answers a plain get-token").isEqualTo(token);

      Result fast = FastCalls.run(cli.environment(), Clock.systemUTC(), none, "get-token", "-p", "sp",
          "--exec-credential");
      assertThat(fast).isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));

      int requests = fx.entra.tokenRequests();
      Result full = cli.run("get-token", "-p", "sp", "--exec-credential", "--silent");
      assertThat(full.exitCode()).as(full.toString()).isZero();
      assertThat(full.out()).startsWith("{").contains("\"kind\" : \"ExecCredential\"")
          .contains("\"token\" : \"" + token + "\"");
      assertThat(fx.entra.tokenRequests()).as("from the cache").isEqualTo(requests);
    }
  }
}
