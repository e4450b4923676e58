package dev.entratool.cli;

import dev.entratool.cli.fast.FastPath;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code __profiles}: the profile names, one a line, for the shell completion scripts (hidden). The start-up fast
 * path serves it too, through the same {@link dev.entratool.profile.ProfileStore#names}.
 */
@Command(name = FastPath.PROFILE_NAMES, hidden = true, description = "Profile names, one a line (for completion)")
final class ProfileNamesCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;

  ProfileNamesCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.console(spec.commandLine().getOut(), spec.commandLine().getErr())
        .result(String.join("\n", context.profiles().names()));
    return 0;
  }
}
