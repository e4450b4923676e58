package dev.entratool.cli;

import dev.entratool.cli.config.ConfigCommand;
import dev.entratool.error.ExitCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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

  /** The subcommands, in the order the help lists them. */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> map = new LinkedHashMap<>();
    map.put("get-token", GetTokenCommand.class);
    map.put("refresh", RefreshCommand.class);
    map.put("inspect", InspectCommand.class);
    map.put("discover", DiscoverCommand.class);
    map.put("logout", LogoutCommand.class);
    map.put("kubeconfig", KubeconfigCommand.class);
    map.put("completion", CompletionCommand.class);
    map.put(dev.entratool.cli.fast.FastPath.PROFILE_NAMES, ProfileNamesCommand.class);
    map.put("config", ConfigCommand.class);
    map.put("help", CommandLine.HelpCommand.class);
    return map;
  }

  /** Runs the full command line for {@code args}: its exit code. */
  public static int execute(AppContext context, String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cmd = create(context, names(args));
    cmd.setOut(out);
    cmd.setErr(err);
    return cmd.execute(args);
  }

  /** Builds the command line with every subcommand. */
  public static CommandLine create(AppContext context) {
    return create(context, SUBCOMMANDS.values(), null);
  }

  /**
   * Builds the command line for these arguments. Picocli reflects over every registered command at start-up, so
   * when the arguments name a subcommand (and a config subcommand) only that one is registered: a script calling
   * get-token in a loop does not pay for the config commands. Help, no subcommand or an unknown one get them all
   * (for listings and suggestions).
   */
  public static CommandLine create(AppContext context, String[] args) {
    return create(context, names(args));
  }

  private static CommandLine create(AppContext context, List<String> names) {
    Class<?> only = names.isEmpty() || names.get(0).equals("help") ? null : SUBCOMMANDS.get(names.get(0));
    Class<?> configOnly = only == ConfigCommand.class && names.size() > 1
        ? ConfigCommand.SUBCOMMANDS.get(names.get(1)) : null;
    return create(context, only == null ? SUBCOMMANDS.values() : List.of(only), configOnly);
  }

  /**
   * The leading arguments that are not options: the subcommand names. The root's options (--verbose, --help) take
   * no values and may come first; after the subcommand, the first option ends the names, so an option's value (as
   * in {@code config show -p list}) never passes for one.
   */
  private static List<String> names(String[] args) {
    List<String> names = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--") || (arg.startsWith("-") && !names.isEmpty())) {
        break;
      }
      if (!arg.startsWith("-")) {
        names.add(arg);
      }
    }
    return names;
  }

  /** @param configOnly the one config subcommand to register, or null for all of them */
  private static CommandLine create(AppContext context, Collection<Class<?>> subcommands, Class<?> configOnly) {
    AppFactory factory = new AppFactory(context);
    CommandLine cmd = new CommandLine(EntraToolCommand.class, factory);
    for (Class<?> sub : subcommands) {
      CommandLine child = new CommandLine(sub, factory);
      if (sub == ConfigCommand.class) {
        for (Class<?> configSub : configOnly == null ? new LinkedHashSet<>(ConfigCommand.SUBCOMMANDS.values())
            : List.of(configOnly)) {
          child.addSubcommand(new CommandLine(configSub, factory));
        }
      }
      cmd.addSubcommand(child);
    }
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
