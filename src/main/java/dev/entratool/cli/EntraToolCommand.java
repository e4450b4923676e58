package dev.entratool.cli;

import dev.entratool.cli.config.ConfigCommand;
import dev.entratool.error.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: lists subcommands; run alone it prints help. */
@Command(
    name = "entratool",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    header = "Get Microsoft Entra ID access tokens from saved profiles.",
    description = {
      "Tokens go to stdout, status and errors to stderr, so TOKEN=$(entratool get-token -p NAME --silent) works.",
      "Profiles live in ~/.entratool/profiles.json (ENTRATOOL_HOME overrides the folder); secrets live in the OS "
          + "secret store."
    },
    subcommands = {GetTokenCommand.class, RefreshCommand.class, InspectCommand.class, DiscoverCommand.class, ConfigCommand.class,
        CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool config create",
      "  entratool get-token -p graph-sp",
      "  entratool get-token -p graph-sp --silent | entratool inspect"
    })
public final class EntraToolCommand implements Runnable {
  @Spec CommandSpec spec;

  private final AppContext context;

  EntraToolCommand(AppContext context) {
    this.context = context;
  }

  /** Inherited by every subcommand; picocli calls this setter wherever the option is given. */
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Show details: the secret store in use, and stack traces on errors")
  void verbose(boolean verbose) {
    context.verbose(verbose);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Builds the command line with its error handling and the exit-code list in every help page. */
  public static CommandLine create(AppContext context) {
    CommandLine cmd = new CommandLine(EntraToolCommand.class, new AppFactory(context));
    ErrorHandler errors = new ErrorHandler();
    cmd.setExecutionExceptionHandler(errors);
    cmd.setParameterExceptionHandler(errors);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    Map<String, String> codes = new LinkedHashMap<>();
    for (ExitCode c : ExitCode.values()) {
      codes.put(String.valueOf(c.code()), c.meaning());
    }
    applyExitCodes(cmd, codes);
    return cmd;
  }

  private static void applyExitCodes(CommandLine cmd, Map<String, String> codes) {
    cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    for (CommandLine sub : cmd.getSubcommands().values()) {
      applyExitCodes(sub, codes);
    }
  }
}
