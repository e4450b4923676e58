package dev.entratool.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code completion SHELL}: a completion script on stdout. */
@Command(
    name = "completion",
    header = "Print a shell completion script (bash, zsh, fish, powershell).",
    mixinStandardHelpOptions = true,
    description = {
      "Completes commands and options, profile names after -p/--profile (read from profiles.json at each Tab) and",
      "flows after -f. See the README for where each shell loads it from."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(entratool completion bash)",
      "  echo 'source <(entratool completion zsh)' >> ~/.zshrc",
      "  entratool completion fish > ~/.config/fish/completions/entratool.fish",
      "  entratool completion powershell | Out-String | Invoke-Expression"
    })
final class CompletionCommand implements Callable<Integer> {
  /** The shells a script is made for. */
  enum Shell { bash, zsh, fish, powershell }

  private final AppContext context;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash, zsh, fish or powershell")
  Shell shell;

  CompletionCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CommandLine all = EntraToolCommand.create(context);
    String script = switch (shell) {
      case bash -> CompletionScripts.bash(all);
      case zsh -> CompletionScripts.zsh(all);
      case fish -> CompletionScripts.fish(all);
      case powershell -> CompletionScripts.powershell(all);
    };
    context.console(spec.commandLine().getOut(), spec.commandLine().getErr()).result(script.stripTrailing());
    return 0;
  }
}
