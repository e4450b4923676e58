package dev.entratool;

import dev.entratool.cli.AppContext;
import dev.entratool.cli.EntraToolCommand;
import dev.entratool.cli.GetTokenCommand;
import dev.entratool.cli.fast.FastPath;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Sleeper;
import dev.entratool.platform.Terminal;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Entry point: {@link #main} wires the real streams and environment, calls {@link #run} and exits with its code. The
 * only place that ends the JVM.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    applyJvmSettings();
    // stdout straight to its file descriptor: System.out is a PrintStream, which would keep a failed write (a full
    // disk, a closed pipe) to itself where run() cannot see it
    PrintWriter out = new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    Outcome outcome = execute(args, out, err, Environment.system(), Clock.systemUTC(), Sleeper.system(), System.in,
        null);
    out.flush();
    err.flush();
    if (outcome.answeredByFrontEnd()) {
      // Nothing it ran registers a shutdown hook (the libraries that do are never loaded on that path), and since
      // JDK 21 System.exit first sets up the JDK's System.Logger machinery to log the call (bench/README.md)
      Runtime.getRuntime().halt(outcome.code());
    }
    System.exit(outcome.code());
  }

  /**
   * How a run ended: its exit code, and whether the start-up front end ({@link FastPath}) answered it, having loaded
   * none of the libraries.
   */
  private record Outcome(int code, boolean answeredByFrontEnd) {}

  /**
   * The JVM-wide settings (system properties) of a run, made here once and never by the classes they concern. Called
   * by {@link #main} before anything else; {@link #run} leaves them to its caller (tests run in a shared JVM).
   */
  public static void applyJvmSettings() {
    // One request a try (see auth/JdkHttpClient): the JDK would send a POST again by itself after a dropped
    // connection, and reuse a kept connection that the server may have closed. Read when its HTTP client first loads.
    System.setProperty("sun.net.http.retryPost", "false");
    System.setProperty("http.keepAlive", "false");
    preferPlatformSelectorProvider();
  }

  /**
   * The first socket of a run (the Secret Service's, say) makes the JDK look for a SelectorProvider service on the
   * class path, opening every library jar. On Linux the JDK's own provider is the epoll one, which the documented
   * system property can name directly (the JDK instantiates it from inside java.base). Where that class does not
   * exist, or the property is already set, the JDK's usual lookup runs.
   */
  private static void preferPlatformSelectorProvider() {
    String property = "java.nio.channels.spi.SelectorProvider";
    if (System.getProperty(property) != null || !"Linux".equals(System.getProperty("os.name"))) {
      return;
    }
    try {
      Class.forName("sun.nio.ch.EPollSelectorProvider", false, null);
      System.setProperty(property, "sun.nio.ch.EPollSelectorProvider");
    } catch (ClassNotFoundException | LinkageError | SecurityException e) {
      // another JDK: keep its own lookup
    }
  }

  /** Runs {@code args} with the real clock, stdin and terminals: the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Environment env) {
    return run(args, out, err, env, Clock.systemUTC(), Sleeper.system(), System.in, null);
  }

  /**
   * Runs {@code args}: on the start-up fast path if it answers them, else on the full command line. A run that
   * succeeded but whose result could not be written to {@code out} fails (exit 1, with an {@code Error:} line).
   *
   * @param sleeper waits between tries of a token request (tests pass one that records instead of waiting)
   * @param terminal which streams are terminals (then the JVM's console is never used, as in tests), or null to find
   *     out when a command needs to
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Environment env, Clock clock,
      Sleeper sleeper, InputStream stdin, Terminal terminal) {
    return execute(args, out, err, env, clock, sleeper, stdin, terminal).code();
  }

  private static Outcome execute(String[] args, PrintWriter out, PrintWriter err, Environment env, Clock clock,
      Sleeper sleeper, InputStream stdin, Terminal terminal) {
    // ENTRATOOL_NO_FAST_PATH=1 always takes the full path: for comparing the two, and for debugging
    FastPath.Answer fast = env.get("ENTRATOOL_NO_FAST_PATH").isPresent() ? FastPath.Answer.NONE
        : FastPath.answer(args, env, clock, terminal, out, err);
    int code = fast.code();
    boolean answeredByFrontEnd = code != FastPath.NOT_HANDLED;
    if (!answeredByFrontEnd) {
      try (AppContext context = new AppContext(env, clock, sleeper, stdin,
          terminal == null ? Terminal.detect() : terminal, terminal == null)) {
        // a plain get-token the front end has read runs without the command line, whose start-up (reading every
        // option's annotations) costs a token request more than its own work does
        code = fast.getToken() != null ? GetTokenCommand.run(context, fast.getToken(), out, err)
            : EntraToolCommand.execute(context, args, out, err);
      }
    }
    if (code == ExitCode.SUCCESS.code()) {
      try {
        Console.requireWritten(out);
      } catch (EntraToolException e) {
        Console.printError(e, err);
        code = e.exitCode().code();
      }
    }
    return new Outcome(code, answeredByFrontEnd);
  }
}
