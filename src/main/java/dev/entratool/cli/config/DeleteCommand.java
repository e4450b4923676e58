package dev.entratool.cli.config;

import dev.entratool.cli.AppContext;
import dev.entratool.cli.ProfileOption;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code config delete}: the profile, its secrets and its cached tokens. */
@Command(
    name = "delete",
    header = "Delete a profile with its secrets and cached tokens.",
    aliases = "rm",
    mixinStandardHelpOptions = true,
    description = {"Delete a profile with its stored secrets and cached tokens.",
        "Asks for confirmation on a terminal; scripts pass --yes."},
    footerHeading = "%nExamples:%n",
    footer = {"  entratool config delete -p old-sp", "  entratool config delete -p old-sp --yes"})
final class DeleteCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;
  @Mixin ProfileOption profile;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation")
  boolean yes;

  DeleteCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (profile.name() == null) {
      throw EntraToolException.usage("Missing -p PROFILE", "Run 'entratool config list' to see your profiles");
    }
    Profile p = context.profiles().require(profile.name());
    if (!yes) {
      if (!console.interactive()) {
        throw EntraToolException.usage("Refusing to delete profile '" + p.name() + "' without confirmation",
            "Pass --yes to delete without a prompt");
      }
      if (!console.confirm("Delete profile '" + p.name() + "' with its secrets and cached tokens?")) {
        console.status("Nothing deleted.");
        return 0;
      }
    }
    context.profileChanges(console).delete(p.name());
    console.status("✓ Profile '" + p.name() + "' deleted, with its secrets and cached tokens");
    return 0;
  }
}
