package dev.entratool.cli.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.Terminal;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.MemoryRuntimeDir;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl's calls served from the cache before the command line is built: the fast path prints the ExecCredential
 * through the same output code as the full path, byte for byte, and leaves to the full path what it must report.
 */
class FastPathExecCredentialTest {
  static final String V1 = "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":{\"interactive\":false}}";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  @Test
  void aCachedTokenIsAnExecCredentialExactlyAsTheFullPathPrintsIt() throws Exception {
    try (MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      CliRunner cli = fx.cli(home).env("XDG_RUNTIME_DIR", runtime.path.toString());
      CliRunner full = fx.cli(home).env("XDG_RUNTIME_DIR", runtime.path.toString())
          .env("ENTRATOOL_NO_FAST_PATH", "1");
      String client = fx.registerSecretApp("s");
      fx.createSecretProfile(cli, "sp", client, "s", "https://graph.microsoft.com/.default");
      String token = cli.run("get-token", "-p", "sp", "--silent").out().trim();
      Terminal none = new Terminal(false, false);
      Map<String, String> env = new HashMap<>(cli.environment());
      int requests = fx.entra.tokenRequests();

      for (String info : new String[] {null, V1}) {
        if (info == null) {
          env.remove("KUBERNETES_EXEC_INFO");
        } else {
          env.put("KUBERNETES_EXEC_INFO", info);
        }
        full.env("KUBERNETES_EXEC_INFO", info);
        for (String[] call : new String[][] {{"get-token", "-p", "sp", "--exec-credential"},
            {"get-token", "-p", "sp", "--exec-credential", "--silent"}}) {
          Result fast = FastCalls.run(env, Clock.systemUTC(), none, call);
          assertThat(fast.exitCode()).as(String.join(" ", call)).isZero();
          assertThat(fast).isEqualTo(full.run(call));
          assertThat(fast.out()).contains("\"kind\": \"ExecCredential\"").contains("\"token\": \"" + token + "\"")
              .contains(info == null ? "client.authentication.k8s.io/v1beta1\"" : "client.authentication.k8s.io/v1\"");
        }
      }
      assertThat(fx.entra.tokenRequests()).as("all from the cache").isEqualTo(requests);

      // what it must not answer: an unknown version, --json or -o beside it
      env.put("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"client.authentication.k8s.io/v2\"}");
      assertThat(FastCalls.run(env, Clock.systemUTC(), none, "get-token", "-p", "sp", "--exec-credential"))
          .isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));
      env.remove("KUBERNETES_EXEC_INFO");
      for (String[] call : new String[][] {{"get-token", "-p", "sp", "--exec-credential", "--json"},
          {"get-token", "-p", "sp", "--exec-credential", "-o", home.resolve("t").toString()}}) {
        assertThat(FastCalls.run(env, Clock.systemUTC(), none, call)).isEqualTo(new Result(FastPath.NOT_HANDLED,
            "", ""));
      }
    }
  }
}
