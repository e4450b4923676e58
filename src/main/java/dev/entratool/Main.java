package dev.entratool;

import dev.entratool.cli.AppContext;
import dev.entratool.cli.EntraToolCommand;
import dev.entratool.cli.fast.FastPath;
import dev.entratool.console.Utf8Writer;
import dev.entratool.platform.Environment;
import java.io.PrintWriter;
import java.time.Clock;

/** Entry point: builds the command line, runs it, exits with its code. The only place that calls System.exit. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // One request a try (see auth/JdkHttpClient): the JDK would send a POST again by itself after a dropped
    // connection, and reuse a kept connection that the server may have closed. Read when its HTTP client first loads.
    System.setProperty("sun.net.http.retryPost", "false");
    System.setProperty("http.keepAlive", "false");
    PrintWriter out = new PrintWriter(new Utf8Writer(System.out), true);
    PrintWriter err = new PrintWriter(new Utf8Writer(System.err), true);
    // ENTRATOOL_NO_FAST_PATH=1 always takes the full path: for comparing the two, and for debugging
    if (System.getenv("ENTRATOOL_NO_FAST_PATH") == null) {
      int code = FastPath.run(args, Environment.system(), Clock.systemUTC(), null, out, err);
      if (code != FastPath.NOT_HANDLED) {
        exit(code, out, err);
      }
    }
    exit(EntraToolCommand.execute(AppContext.system(), args, out, err), out, err);
  }

  private static void exit(int code, PrintWriter out, PrintWriter err) {
    out.flush();
    err.flush();
    System.exit(code);
  }
}
