package dev.entratool.cli.config;

import dev.entratool.cli.AppContext;
import dev.entratool.console.Console;
import dev.entratool.json.PrettyJson;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code config list}: a table of profiles (or JSON), and which secret store is in use. */
@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = "List profiles: name, tenant, client ID, auth method and default flow.",
    footerHeading = "%nExamples:%n",
    footer = {"  entratool config list", "  entratool config list --json | jq -r '.[].name'"})
final class ListCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the profiles as a JSON array")
  boolean json;

  ListCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    ProfileStore store = context.profiles();
    List<Profile> profiles = store.list();
    if (json) {
      List<Map<String, Object>> arr = new ArrayList<>(profiles.size());
      profiles.forEach(p -> arr.add(ProfileStore.toJson(p)));
      console.result(PrettyJson.write(arr));
      return 0;
    }
    if (profiles.isEmpty()) {
      console.status("No profiles yet in " + store.file() + ". Create one with 'entratool config create'.");
      return 0;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "TENANT", "CLIENT ID", "AUTH METHOD", "DEFAULT FLOW"});
    for (Profile p : profiles) {
      // a managed identity has neither tenant nor client ID, the Azure CLI's profile may have no tenant
      rows.add(new String[] {p.name(), p.tenantId() == null ? "-" : p.tenantId(),
          p.clientId() == null ? "-" : p.clientId(), p.authMethod().name(),
          p.defaultFlow() == null ? "-" : p.defaultFlow().name()});
    }
    console.result(table(rows));
    console.status("Secrets: " + context.secrets(console).backendName());
    return 0;
  }

  static String table(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    int total = 0;
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
        total += row[i].length();
      }
    }
    // One builder and ready-made runs of spaces: config list may print a thousand rows before the JIT has compiled
    // anything, and a builder, a repeat() and a strip per row would show in its time (bench/run.sh, config-list-1000).
    int widest = 0;
    for (int width : widths) {
      widest = Math.max(widest, width);
    }
    String[] pads = new String[widest + 3];
    pads[0] = "";
    for (int n = 1; n < pads.length; n++) {
      pads[n] = pads[n - 1] + " ";
    }
    StringBuilder sb = new StringBuilder(total + rows.size() * (widths.length * 2 + 1));
    for (String[] row : rows) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      int lineStart = sb.length();
      for (int i = 0; i < row.length; i++) {
        sb.append(row[i]);
        if (i < row.length - 1) {
          sb.append(pads[widths[i] + 2 - row[i].length()]);
        }
      }
      int end = sb.length();
      while (end > lineStart && Character.isWhitespace(sb.charAt(end - 1))) {
        end--;
      }
      sb.setLength(end);
    }
    return sb.toString();
  }
}
