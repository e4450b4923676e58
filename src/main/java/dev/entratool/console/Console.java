package dev.entratool.console;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * All terminal I/O of a command: results on stdout, status, prompts and errors on stderr, answers from stdin (hidden
 * when it is a terminal).
 */
public final class Console {
  private final PrintWriter out;
  private final PrintWriter err;
  private final BufferedReader in;
  private final boolean interactive;
  private final java.io.Console system;
  private boolean quiet;

  /**
   * @param interactive stdin is a terminal a person can answer prompts on
   * @param system the JVM console for hidden input, or null (tests, pipes)
   */
  public Console(PrintWriter out, PrintWriter err, BufferedReader in, boolean interactive, java.io.Console system) {
    this.out = out;
    this.err = err;
    this.in = in;
    this.interactive = interactive;
    this.system = system;
  }

  /** Suppresses status lines (not errors, not results): {@code --silent}. */
  public Console quiet(boolean quiet) {
    this.quiet = quiet;
    return this;
  }

  public boolean interactive() {
    return interactive;
  }

  /** A status line on stderr, unless quiet. */
  public void status(String line) {
    if (!quiet) {
      err.println(line);
      err.flush();
    }
  }

  /** Rewrites the current stderr line (a live timer on a terminal), unless quiet. */
  public void progress(String line) {
    if (!quiet) {
      err.print("\r" + line);
      err.flush();
    }
  }

  /** Ends a line written with {@link #progress}. */
  public void endProgress() {
    if (!quiet) {
      err.println();
      err.flush();
    }
  }

  /** A warning on stderr, even when quiet. */
  public void warn(String line) {
    err.println(line);
    err.flush();
  }

  /** The command's result on stdout; the command fails here if stdout does not take it. */
  public void result(String text) {
    out.println(text);
    requireWritten(out);
  }

  /**
   * Fails (exit 1) when something printed to {@code out} could not be written: a full disk, a closed pipe, a device
   * that refuses writes. A PrintWriter keeps such errors to itself until asked.
   */
  public static void requireWritten(PrintWriter out) {
    if (out.checkError()) {
      throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot write the result to standard output",
          "Check where standard output goes: a full disk, a closed pipe or a device that refuses writes");
    }
  }

  /**
   * Reports a command's failure on {@code err}: {@code Error:} and {@code Hint:} lines, with the stack trace only
   * when {@code verbose}. Returns its exit code.
   *
   * @param command the command as typed ({@code entratool get-token}): a usage error that names no hint of its own
   *     points at its help, as the command line's own usage errors do
   */
  public static int printFailure(Exception ex, PrintWriter err, boolean verbose, String command) {
    int code;
    if (ex instanceof EntraToolException e) {
      print(e.getMessage(), e.hint() == null && e.exitCode() == ExitCode.USAGE
          ? "Run '" + command + " --help' for usage" : e.hint(), err);
      code = e.exitCode().code();
    } else {
      print("unexpected " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()),
          "Run again with --verbose for details, and report it if it persists", err);
      code = ExitCode.UNEXPECTED.code();
    }
    if (verbose) {
      // each message as one printable line: a line break in a server's words would forge a line of the trace
      Set<Throwable> shown = new HashSet<>();
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

  /** {@code Error: <cause>} and, if there is one, {@code Hint: <what to do>}: how every failure is reported. */
  public static void printError(EntraToolException e, PrintWriter err) {
    print(e.getMessage(), e.hint(), err);
  }

  private static void print(String message, String hint, PrintWriter err) {
    err.println("Error: " + PrintableText.of(message)); // may quote a server's words
    if (hint != null) {
      err.println("Hint: " + PrintableText.of(hint));
    }
    err.flush();
  }

  public PrintWriter out() {
    return out;
  }

  /** Asks on stderr, returns the trimmed answer, or {@code defaultValue} when the answer is empty. */
  public String prompt(String label, String defaultValue) {
    err.print(label + (defaultValue == null || defaultValue.isEmpty() ? "" : " [" + defaultValue + "]") + ": ");
    err.flush();
    String line = readLine();
    if (line == null) {
      return defaultValue;
    }
    line = line.trim();
    return line.isEmpty() ? defaultValue : line;
  }

  /** Asks for a secret without echo; never printed back. */
  public String promptSecret(String label) {
    if (system != null) {
      char[] chars = system.readPassword("%s: ", label);
      return chars == null ? null : new String(chars);
    }
    err.print(label + ": ");
    err.flush();
    String line = readLine();
    return line == null ? null : stripNewline(line);
  }

  /** Yes/no question; anything but y/yes is no. */
  public boolean confirm(String question) {
    String answer = prompt(question + " [y/N]", "");
    return answer != null && (answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes"));
  }

  /** One line of stdin, for secrets piped with --secret-stdin (trailing newline removed). */
  public String readLine() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One line of stdin as {@link #readLine()}, but reading at most {@code maxChars} characters of it: a longer line
   * comes back cut to {@code maxChars + 1} characters, the rest unread, so the caller can tell and refuse it without
   * holding all of an endless input.
   */
  public String readLine(int maxChars) {
    StringBuilder sb = new StringBuilder();
    try {
      while (sb.length() <= maxChars) {
        int c = in.read();
        if (c < 0) {
          return sb.length() == 0 ? null : sb.toString();
        }
        if (c == '\n') {
          return sb.toString();
        }
        if (c == '\r') { // a line ends at \r, \n or \r\n, as BufferedReader.readLine has it
          in.mark(1);
          if (in.read() != '\n') {
            in.reset();
          }
          return sb.toString();
        }
        sb.append((char) c);
      }
      return sb.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All of stdin. */
  public String readAll() {
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        sb.append(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  private static String stripNewline(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
