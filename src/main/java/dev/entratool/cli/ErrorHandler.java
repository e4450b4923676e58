package dev.entratool.cli;

import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns exceptions into {@code Error:}/{@code Hint:} lines and exit codes; stack traces only with --verbose. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("Error: " + ex.getMessage());
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
    PrintWriter err = cmd.getErr();
    boolean verbose = verbose(parseResult);
    int code;
    if (ex instanceof EntraToolException e) {
      Console.printError(e, err);
      code = e.exitCode().code();
    } else if (ex instanceof ParameterException pe) {
      return handleParseException(pe, new String[0]);
    } else {
      err.println("Error: unexpected " + ex.getClass().getSimpleName()
          + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
      err.println("Hint: Run again with --verbose for details, and report it if it persists");
      code = ExitCode.UNEXPECTED.code();
    }
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
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
