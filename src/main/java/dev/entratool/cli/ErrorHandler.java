package dev.entratool.cli;

import dev.entratool.console.Console;
import dev.entratool.console.PrintableText;
import dev.entratool.error.EntraToolException;
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
          + (ex.getMessage() == null ? "" : ": " + PrintableText.of(ex.getMessage())));
      err.println("Hint: Run again with --verbose for details, and report it if it persists");
      code = ExitCode.UNEXPECTED.code();
    }
    if (verbose) {
      // each message as one printable line: a line break in a server's words would forge a line of the trace
      java.util.Set<Throwable> shown = new java.util.HashSet<>();
      for (Throwable t = ex; t != null && shown.add(t); t = t.getCause()) {
        err.println((t == ex ? "" : "Caused by: ") + PrintableText.of(t.toString()));
        for (StackTraceElement frame : t.getStackTrace()) {
          err.println("\tat " + frame);
        }
      }
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
