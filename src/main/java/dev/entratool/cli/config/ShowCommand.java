package dev.entratool.cli.config;

import dev.entratool.cli.AppContext;
import dev.entratool.cli.ProfileOption;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.json.PrettyJson;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.transfer.ProfileChanges;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code config show}: one profile's settings; says whether its secret is stored, never shows it. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show a profile's settings. Secrets are never shown, only whether one is stored.",
    footerHeading = "%nExamples:%n",
    footer = {"  entratool config show -p graph-sp", "  entratool config show -p graph-sp --json"})
final class ShowCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;
  @Mixin ProfileOption profile;

  @Option(names = "--json", description = "Print the profile as JSON (as stored in profiles.json)")
  boolean json;

  ShowCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (profile.name() == null) {
      throw EntraToolException.usage("Missing -p PROFILE", "Run 'entratool config list' to see your profiles");
    }
    Profile p = context.profiles().require(profile.name());
    Map<String, Object> fields = ProfileStore.toJson(p);
    if (json) {
      console.result(PrettyJson.write(fields));
      return 0;
    }
    StringBuilder sb = new StringBuilder();
    fields.forEach((key, v) -> {
      String value = v instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList())
          : String.valueOf(v);
      sb.append(String.format("%-16s %s%n", key + ":", value));
    });
    SecretKind kind = ProfileChanges.secretKind(p.authMethod());
    if (kind != null) {
      var secrets = context.secrets(console);
      boolean stored = secrets.read(p.name(), kind).isPresent();
      sb.append(String.format("%-16s %s%n", "secret:", stored ? kind.label() + " stored in " + secrets.backendName()
          : "none stored: run 'entratool config edit -p " + p.name() + "'"));
    }
    console.result(sb.toString().stripTrailing());
    return 0;
  }
}
