package dev.entratool.kube;

import dev.entratool.output.ExecInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A kubeconfig user's {@code exec} stanza that runs {@code entratool get-token --exec-credential} for a profile: what
 * {@code entratool kubeconfig} prints and writes. YAML is written by hand (block style, as kubectl writes it): the
 * values a person chose are double-quoted JSON strings, which YAML reads as they are.
 *
 * @param command how kubectl finds entratool (a name on PATH or a path)
 * @param profile the profile to get tokens from
 * @param scope the --scope to pass, or null for the profile's scopes
 */
public record ExecStanza(String command, String profile, String scope) {
  /** The AKS server application's scope: what an AKS cluster with Entra authentication accepts. */
  public static final String AKS_SCOPE = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

  /** {@code - name: USER} with {@code user: exec: ...} under it: one entry of a kubeconfig's {@code users:} list. */
  public String userEntry(String user) {
    StringBuilder yaml = new StringBuilder("- name: ").append(quote(user)).append('\n');
    for (String line : userLines(2)) {
      yaml.append(line).append('\n');
    }
    return yaml.toString();
  }

  /** {@code user:} and its {@code exec:} mapping, each line indented by {@code indent} spaces. */
  List<String> userLines(int indent) {
    String pad = " ".repeat(indent);
    List<String> lines = new ArrayList<>();
    lines.add(pad + "user:");
    lines.add(pad + "  exec:");
    lines.add(pad + "    apiVersion: " + ExecInfo.SUPPORTED.get(0));
    lines.add(pad + "    command: " + quote(command));
    lines.add(pad + "    args:");
    List<String> args = new ArrayList<>(List.of("get-token", "--exec-credential", "--silent", "-p", profile));
    if (scope != null) {
      args.add("--scope");
      args.add(scope);
    }
    for (String arg : args) {
      lines.add(pad + "    - " + (arg.startsWith("-") || arg.equals("get-token") ? arg : quote(arg)));
    }
    lines.add(pad + "    interactiveMode: IfAvailable");
    lines.add(pad + "    provideClusterInfo: false");
    return lines;
  }

  /** A YAML double-quoted scalar: JSON's string syntax, which YAML reads the same way. */
  static String quote(String value) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
