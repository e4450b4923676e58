package dev.entratool.cli;

import dev.entratool.console.Console;
import dev.entratool.console.PrintableText;
import dev.entratool.error.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into {@code Error:}/{@code Hint:} lines and exit codes; stack traces only with --verbose. What they
 * print may quote a server's words, so it goes out as {@link PrintableText}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("Error: " + PrintableText.of(ex.getMessage()));
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      err.println("Did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?");
    }
    err.println("Hint: Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage");
    err.flush();
    return ExitCode.USAGE.code();
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    if (ex instanceof ParameterException pe) {
      return handleParseException(pe, new String[0]);
    }
    return Console.printFailure(ex, cmd.getErr(), verbose(parseResult), cmd.getCommandSpec().qualifiedName());
  }

  private static boolean verbose(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
