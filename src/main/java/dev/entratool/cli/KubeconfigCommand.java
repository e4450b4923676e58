package dev.entratool.cli;

import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.kube.ExecStanza;
import dev.entratool.kube.Kubeconfig;
import dev.entratool.profile.Profile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubeconfig}: the kubectl exec stanza that gets a profile's tokens, printed or written into a kubeconfig. */
@Command(
    name = "kubeconfig",
    header = "Print (or write into a kubeconfig) the kubectl exec stanza for a profile.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "kubectl then runs 'entratool get-token --exec-credential' for each call, served from entratool's cache. For",
      "AKS with Entra authentication use --scope " + ExecStanza.AKS_SCOPE + ".",
      "Without --kubeconfig it prints a users[] entry to paste; with --kubeconfig FILE --user NAME it replaces that",
      "existing user's credentials in FILE (atomically, every other line kept)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool kubeconfig -p aks --scope " + ExecStanza.AKS_SCOPE,
      "  entratool kubeconfig -p aks --scope " + ExecStanza.AKS_SCOPE + " --kubeconfig ~/.kube/config "
          + "--user clusterUser_rg_aks"
    })
final class KubeconfigCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;
  @Mixin ProfileOption profileOption;

  @Option(names = "--user", paramLabel = "NAME", description = "The kubeconfig user (default: the profile's name)")
  String user;

  @Option(names = "--scope", paramLabel = "SCOPES", description = "Scopes kubectl's tokens are for (default: the "
      + "profile's)")
  String scope;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Write into this existing kubeconfig (needs "
      + "--user) instead of printing")
  Path kubeconfig;

  @Option(names = "--command", paramLabel = "PATH", defaultValue = "entratool",
      description = "How kubectl runs entratool (default: ${DEFAULT-VALUE}, found on PATH)")
  String command;

  KubeconfigCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    Profile profile = context.profiles().resolve(profileOption.name());
    ExecStanza stanza = new ExecStanza(command, profile.name(), scope);
    if (kubeconfig == null) {
      console.result(stanza.userEntry(user != null ? user : profile.name()).stripTrailing());
      console.status("Paste it under 'users:' in your kubeconfig, or write it there with --kubeconfig FILE "
          + "--user NAME");
      return 0;
    }
    if (user == null) {
      throw EntraToolException.usage("--kubeconfig needs --user NAME", "Name the kubeconfig user to update: "
          + "kubectl config view -o jsonpath='{.users[*].name}'");
    }
    Kubeconfig.writeExec(kubeconfig, user, stanza);
    console.status("✓ User '" + user + "' in " + kubeconfig + " now gets tokens from profile '" + profile.name()
        + "'");
    return 0;
  }
}
