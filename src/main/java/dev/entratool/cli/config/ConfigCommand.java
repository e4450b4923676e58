package dev.entratool.cli.config;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code entratool config}: the profile commands. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Create, list, show, edit and delete profiles.",
    subcommands = {CreateCommand.class, ListCommand.class, ShowCommand.class, EditCommand.class,
        DeleteCommand.class, ExportCommand.class, ImportCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool config create",
      "  entratool config list",
      "  entratool config show -p graph-sp",
      "  entratool config edit -p graph-sp      # then choose: Client Secret"
    })
public final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
