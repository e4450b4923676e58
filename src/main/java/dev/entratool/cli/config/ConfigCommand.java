package dev.entratool.cli.config;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code entratool config}: the profile commands. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Create, list, show, edit and delete profiles.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool config create",
      "  entratool config list",
      "  entratool config show -p graph-sp",
      "  entratool config edit -p graph-sp      # then choose: Client Secret"
    })
public final class ConfigCommand implements Runnable {
  /**
   * The subcommands by name and alias, in the order the help lists them. Registered by EntraToolCommand, only the
   * one named when a name is given (picocli reflects over every registered command at start-up).
   */
  public static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  @Spec CommandSpec spec;

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> map = new LinkedHashMap<>();
    map.put("create", CreateCommand.class);
    map.put("list", ListCommand.class);
    map.put("ls", ListCommand.class);
    map.put("show", ShowCommand.class);
    map.put("edit", EditCommand.class);
    map.put("delete", DeleteCommand.class);
    map.put("rm", DeleteCommand.class);
    map.put("export", ExportCommand.class);
    map.put("import", ImportCommand.class);
    return map;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
