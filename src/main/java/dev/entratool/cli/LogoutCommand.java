package dev.entratool.cli;

import dev.entratool.cache.TokenCache;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.profile.Profile;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code logout}: a profile's cached tokens and signed-in accounts, removed from every tier; the profile stays. */
@Command(
    name = "logout",
    header = "Sign out: remove a profile's cached tokens and signed-in accounts.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Removes the profile's cached access and refresh tokens and signed-in accounts wherever entratool keeps them",
      "(the encrypted cache file, the session's runtime directory, the secret store). The profile and its secret",
      "stay: the next get-token asks the authority again. Says on stderr what it removed."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  entratool logout -p my-user", "  entratool logout --all"})
final class LogoutCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;
  @Mixin ProfileOption profileOption;

  @Option(names = "--all", description = "Sign out of every profile")
  boolean all;

  LogoutCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (all && profileOption.name() != null) {
      throw EntraToolException.usage("-p and --all cannot be combined", "Use -p NAME for one profile, or --all");
    }
    List<Profile> profiles = all ? context.profiles().list()
        : List.of(context.profiles().resolve(profileOption.name()));
    if (profiles.isEmpty()) {
      console.status("No profiles: nothing to remove");
    }
    TokenCache cache = new TokenCache(context.paths(), () -> context.secrets(console));
    for (Profile p : profiles) {
      boolean removed;
      try {
        removed = cache.forget(p.name());
      } catch (IOException e) {
        throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot remove the cached tokens of profile '" + p.name()
            + "': " + e.getMessage(), "Check that " + context.paths().cacheDir() + " is writable", e);
      }
      console.status("Signed out of '" + p.name() + "': " + (removed ? "removed cached tokens" : "nothing to remove"));
    }
    return 0;
  }
}
