package dev.entratool.cli;

import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.jwt.TokenReport;
import dev.entratool.jwt.TokenText;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a command gets the token it reads: {@code -t TOKEN}, {@code -f FILE}, or standard input when it is piped
 * ({@code -}, {@code -t -} and {@code -f -} ask for it explicitly), and how their report is printed. Shared by
 * {@code inspect} and {@code discover}.
 */
public final class TokenInputOptions {
  private static final String STDIN = "-";

  @Option(names = {"-t", "--token"}, paramLabel = "TOKEN",
      description = "The token itself ('-' reads standard input). It shows in the process list: prefer a pipe or -f")
  String token;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Read the token from FILE ('-' reads standard input)")
  String file;

  @Option(names = {"-p", "--profile"}, paramLabel = "NAME",
      description = "The newest access token cached for this profile (by get-token)")
  String profile;

  @Parameters(arity = "0..1", paramLabel = "-",
      description = "Read the token from standard input (the default when it is piped)")
  String dash;

  /** The raw text of the token (not yet decoded), at most {@link TokenText#MAX_BYTES}. */
  public String read(AppContext context, Console console, String command) {
    if (dash != null && !STDIN.equals(dash)) {
      throw EntraToolException.usage("Unexpected argument: only '-' (standard input) may stand without an option",
          "Pass a token with -t TOKEN or a file with -f FILE");
    }
    int given = (token != null ? 1 : 0) + (file != null ? 1 : 0) + (dash != null ? 1 : 0)
        + (profile != null ? 1 : 0);
    if (given > 1) {
      throw EntraToolException.usage("Give the token one way only: -t, -f, -p or '-'", null);
    }
    if (profile != null) {
      return CachedProfileToken.newest(context, console, profile); // loads the cache classes only here
    }
    if (token != null && !STDIN.equals(token)) {
      return TokenText.fromArgument(token);
    }
    if (file != null && !STDIN.equals(file)) {
      return TokenText.fromFile(Path.of(file));
    }
    // Reading a terminal would wait for typing the user did not plan; say what is missing instead.
    if (given == 0 && context.terminal().stdinIsTerminal()) {
      throw EntraToolException.usage("No token given",
          "Pass -t TOKEN, -f FILE or -p PROFILE, or pipe one in: entratool get-token -p NAME --silent | entratool " + command);
    }
    return TokenText.fromStream(context.stdin(), "standard input");
  }

  /** Prints what {@code inspect} or {@code discover} found: JSON on stdout, then the status line; the exit code. */
  static int print(TokenReport report, Console console) {
    if (report.result() != null) {
      console.result(report.result());
    }
    if (report.status() != null) {
      console.status(report.status());
    }
    return report.exitCode();
  }
}
