package dev.entratool.cli;

import dev.entratool.console.Console;
import dev.entratool.jwt.TokenReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inspect}: a token's claims as JSON, decoded locally. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Decode a token and print its claims as JSON.",
    description = {
      "Reads a JWT from -t, -f or a pipe and prints its claims (aud, iss, exp, scp, roles, ...) on stdout.",
      "Decoding only: the signature is NOT checked and no network call is made, so the output says what the token "
          + "claims, not that it is genuine.",
      "On a terminal, a line on stderr says when the token expires."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool get-token -p graph-sp --silent | entratool inspect",
      "  entratool inspect -t \"$TOKEN\"",
      "  entratool inspect -f token.txt --full"
    })
final class InspectCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;
  @Mixin TokenInputOptions input;

  @Option(names = "--header", description = "Print {\"header\", \"claims\"}: the JOSE header (alg, kid, ...) too")
  boolean header;

  @Option(names = "--full",
      description = "Print {\"header\", \"claims\", \"expiresOn\", \"expiresIn\", \"expired\"} (expiresIn in seconds)")
  boolean full;

  InspectCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    TokenReport report = TokenReport.inspect(input.read(context, console, "inspect"),
        full ? TokenReport.View.FULL : header ? TokenReport.View.HEADER : TokenReport.View.CLAIMS,
        context.clock().instant(), context.terminal().stderrIsTerminal());
    return TokenInputOptions.print(report, console);
  }
}
