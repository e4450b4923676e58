package dev.entratool;

import dev.entratool.cli.AppContext;
import dev.entratool.cli.EntraToolCommand;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/** Entry point: builds the command line, runs it, exits with its code. The only place that calls System.exit. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    var cmd = EntraToolCommand.create(AppContext.system(), args);
    cmd.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cmd.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    int code = cmd.execute(args);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }
}
