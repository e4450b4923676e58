package dev.entratool.cli.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.Environment;
import dev.entratool.platform.Terminal;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.TestJwts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the fast path alone, as Main does before the full command line, capturing what it prints. */
final class FastCalls {
  private FastCalls() {}

  static Result run(Map<String, String> env, Clock clock, Terminal terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FastPath.run(args, Environment.of(env), clock, terminal, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * Writes {@code token} to a fresh file and checks that where the fast path answers {@code command -f FILE
   * extra...} at {@link TestJwts#CLOCK}, it answers as the full path does. For jqwik properties: they get no
   * {@code @TempDir}.
   */
  static void answersAsTheFullPath(String token, boolean stderrTerminal, String command, String... extra)
      throws IOException {
    Path dir = Files.createTempDirectory("fast-path");
    Path file = Files.writeString(dir.resolve("token.txt"), token);
    try {
      List<String> call = new ArrayList<>(List.of(command, "-f", file.toString()));
      call.addAll(List.of(extra));
      String[] args = call.toArray(String[]::new);
      Result fast = run(Map.of(), TestJwts.CLOCK, new Terminal(false, stderrTerminal), args);
      if (fast.exitCode() != FastPath.NOT_HANDLED) {
        assertThat(fast).isEqualTo(new CliRunner(dir).clock(TestJwts.CLOCK).stderrTerminal(stderrTerminal)
            .env("ENTRATOOL_NO_FAST_PATH", "1").run(args));
      }
    } finally {
      Files.delete(file);
      Files.delete(dir);
    }
  }
}
