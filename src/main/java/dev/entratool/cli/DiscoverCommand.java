package dev.entratool.cli;

import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.jwt.TokenReport;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code discover}: is this token usable now? Answered by the exit code, for scripts. */
@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Check that a token is well formed and valid now.",
    description = {
      "Reads a JWT from -t, -f or a pipe and checks nbf <= now < exp. Exit 0 when valid, 7 when expired or not yet "
          + "valid, 8 when missing or malformed.",
      "Local and fast: the signature is NOT checked and no network call is made."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool discover -f token.txt",
      "  entratool discover -q -f token.txt || entratool get-token -p NAME --silent > token.txt",
      "  entratool discover -f token.txt --min-validity 10 --json"
    })
final class DiscoverCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;
  @Mixin TokenInputOptions input;

  @Option(names = "--min-validity", paramLabel = "MINUTES",
      description = "Also demand that the token stays valid for MINUTES more (default: 0)")
  Integer minValidityMinutes;

  @Option(names = "--json", description = "Print {\"valid\", \"expiresOn\", \"expiresIn\", \"expired\", "
      + "\"notBefore\", \"audience\", \"tenantId\", \"appId\"} on stdout")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on stderr, not even errors: only the exit code tells")
  boolean quiet;

  DiscoverCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try {
      Duration minValidity = TokenReport.minValidity(minValidityMinutes);
      Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
      return TokenInputOptions.print(TokenReport.discover(input.read(context, console, "discover"), minValidity, json,
          quiet, context.clock().instant()), console);
    } catch (EntraToolException e) {
      if (quiet) {
        return e.exitCode().code();
      }
      throw e;
    }
  }
}
