package dev.entratool.cli;

import dev.entratool.cli.fast.FastPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Shell completion scripts made from the command line's own model, so they follow every option added: bash (and zsh,
 * which runs the same script through bashcompinit) by picocli's AutoComplete, fish and PowerShell here. Profile
 * names are not fixed when a script is made: each script asks {@code entratool __profiles} (one read of
 * profiles.json, served by the start-up fast path) after {@code -p}/{@code --profile}. Flows come from the options'
 * completion candidates.
 */
final class CompletionScripts {
  private static final String NAME = "entratool";
  private static final String PROFILES = NAME + " " + FastPath.PROFILE_NAMES;
  /** What picocli writes for an option without candidates that takes a value: complete nothing. */
  private static final Pattern BASH_PROFILE_CASE = Pattern.compile("(?m)^( *)-p\\|--profile\\)\\n *return\\n *;;$");

  private CompletionScripts() {}

  static String bash(CommandLine root) {
    String script = AutoComplete.bash(NAME, root);
    Matcher m = BASH_PROFILE_CASE.matcher(script);
    StringBuilder out = new StringBuilder();
    int replaced = 0;
    while (m.find()) {
      String pad = m.group(1);
      m.appendReplacement(out, Matcher.quoteReplacement(pad + "-p|--profile)\n"
          + pad + "  local IFS=$'\\n'\n"
          + pad + "  COMPREPLY=( $( compReplyArray $(" + PROFILES + " 2>/dev/null) ) )\n"
          + pad + "  return $?\n"
          + pad + "  ;;"));
      replaced++;
    }
    if (replaced == 0) {
      throw new IllegalStateException("picocli's bash script has no -p|--profile case to complete profile names in");
    }
    m.appendTail(out);
    return out.toString();
  }

  /** zsh runs the bash script through bashcompinit, which the script itself loads. */
  static String zsh(CommandLine root) {
    return "# entratool completion for zsh (the bash script, through zsh's bashcompinit)\n" + bash(root);
  }

  static String fish(CommandLine root) {
    StringBuilder out = new StringBuilder("# entratool completion for fish\ncomplete -c entratool -f\n");
    List<String> top = visible(root);
    String none = "not __fish_seen_subcommand_from " + String.join(" ", top);
    for (String sub : top) {
      out.append("complete -c entratool -n '").append(none).append("' -a ").append(sub).append(" -d ")
          .append(fishQuote(header(root.getSubcommands().get(sub)))).append('\n');
    }
    for (String sub : top) {
      CommandLine cmd = root.getSubcommands().get(sub);
      String seen = "__fish_seen_subcommand_from " + sub;
      List<String> nested = visible(cmd);
      if (nested.isEmpty()) {
        fishOptions(out, cmd, seen);
        continue;
      }
      for (String inner : nested) {
        out.append("complete -c entratool -n '").append(seen).append("; and not __fish_seen_subcommand_from ")
            .append(String.join(" ", nested)).append("' -a ").append(inner).append(" -d ")
            .append(fishQuote(header(cmd.getSubcommands().get(inner)))).append('\n');
        fishOptions(out, cmd.getSubcommands().get(inner), seen + "; and __fish_seen_subcommand_from " + inner);
      }
    }
    return out.toString();
  }

  private static void fishOptions(StringBuilder out, CommandLine cmd, String condition) {
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      if (o.hidden()) {
        continue;
      }
      out.append("complete -c entratool -n '").append(condition).append('\'');
      for (String name : o.names()) {
        out.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
      }
      if (isProfile(o)) {
        out.append(" -x -a '(").append(PROFILES).append(" 2>/dev/null)'");
      } else if (o.completionCandidates() != null) {
        out.append(" -x -a ").append(fishQuote(String.join(" ", candidates(o))));
      } else if (o.arity().max() > 0) {
        out.append(o.type() == java.nio.file.Path.class ? " -r -F" : " -x");
      }
      out.append(" -d ").append(fishQuote(description(o))).append('\n');
    }
  }

  static String powershell(CommandLine root) {
    StringBuilder words = new StringBuilder();
    addPowerShellWords(words, "", root);
    List<String> flows = new ArrayList<>();
    for (OptionSpec o : root.getSubcommands().get("get-token").getCommandSpec().options()) {
      if (o.longestName().equals("--flow")) {
        flows.addAll(candidates(o));
      }
    }
    return "# entratool completion for PowerShell\n"
        + "Register-ArgumentCompleter -Native -CommandName entratool -ScriptBlock {\n"
        + "  param($wordToComplete, $commandAst, $cursorPosition)\n"
        + "  $words = @{\n" + words + "  }\n"
        + "  $flows = @(" + psList(flows) + ")\n"
        + "  $typed = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })\n"
        + "  if ($wordToComplete -ne '') { $typed = @($typed | Select-Object -SkipLast 1) }\n"
        + "  $key = ''\n"
        + "  foreach ($w in $typed) {\n"
        + "    $next = ($key + ' ' + $w).Trim()\n"
        + "    if ($w.StartsWith('-') -or -not $words.ContainsKey($next)) { break }\n"
        + "    $key = $next\n"
        + "  }\n"
        + "  $prev = if ($typed.Count -gt 0) { $typed[-1] } else { '' }\n"
        + "  if ($prev -in '-p', '--profile') { $candidates = @(& entratool " + FastPath.PROFILE_NAMES
        + " 2>$null) }\n"
        + "  elseif ($prev -in '-f', '--flow' -and $key -eq 'get-token') { $candidates = $flows }\n"
        + "  else { $candidates = $words[$key] }\n"
        + "  $candidates | Where-Object { $_ -like \"$wordToComplete*\" } | ForEach-Object {\n"
        + "    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)\n"
        + "  }\n"
        + "}\n";
  }

  /** {@code 'key' = @(subcommands and options)} for the command and each command under it. */
  private static void addPowerShellWords(StringBuilder out, String key, CommandLine cmd) {
    List<String> words = new ArrayList<>(visible(cmd));
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      if (!o.hidden()) {
        words.addAll(List.of(o.names()));
      }
    }
    out.append("    '").append(key).append("' = @(").append(psList(words)).append(")\n");
    for (String sub : visible(cmd)) {
      addPowerShellWords(out, (key + " " + sub).trim(), cmd.getSubcommands().get(sub));
    }
  }

  private static String psList(List<String> words) {
    List<String> quoted = new ArrayList<>();
    for (String w : words) {
      quoted.add("'" + w.replace("'", "''") + "'");
    }
    return String.join(", ", quoted);
  }

  /** The subcommands a person sees (not hidden), each once (aliases left out). */
  private static List<String> visible(CommandLine cmd) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
      CommandSpec spec = e.getValue().getCommandSpec();
      if (!spec.usageMessage().hidden() && e.getKey().equals(spec.name())) {
        names.add(e.getKey());
      }
    }
    return names;
  }

  private static boolean isProfile(OptionSpec o) {
    return o.longestName().equals("--profile");
  }

  private static List<String> candidates(OptionSpec o) {
    List<String> all = new ArrayList<>();
    o.completionCandidates().forEach(all::add);
    return all;
  }

  private static String header(CommandLine cmd) {
    String[] header = cmd.getCommandSpec().usageMessage().header();
    return header.length > 0 ? header[0] : "";
  }

  private static String description(OptionSpec o) {
    String[] d = o.description();
    return d.length > 0 ? d[0].replaceAll("\\$\\{[^}]*}", "").trim() : "";
  }

  private static String fishQuote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
