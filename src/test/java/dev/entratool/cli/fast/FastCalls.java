package dev.entratool.cli.fast;

import dev.entratool.platform.Environment;
import dev.entratool.platform.Terminal;
import dev.entratool.testing.CliRunner.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/** Runs the fast path alone, as Main does before the full command line, capturing what it prints. */
final class FastCalls {
  private FastCalls() {}

  static Result run(Map<String, String> env, Clock clock, Terminal terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FastPath.answer(args, Environment.of(env), clock, terminal, new PrintWriter(out), new PrintWriter(err))
        .code();
    return new Result(code, out.toString(), err.toString());
  }
}
