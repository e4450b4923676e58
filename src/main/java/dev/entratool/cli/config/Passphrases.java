package dev.entratool.cli.config;

import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.platform.Environment;
import java.util.Arrays;

/**
 * Where the bundle passphrase of {@code config export}/{@code import} comes from: {@code --passphrase-stdin}, else
 * {@code ENTRATOOL_EXPORT_PASSPHRASE}, else a hidden prompt. Never a flag value, which would land in shell history.
 */
final class Passphrases {
  static final String ENV = "ENTRATOOL_EXPORT_PASSPHRASE";
  static final int MIN_LENGTH = 8;

  private Passphrases() {}

  /** A new passphrase: typed twice on a terminal, at least {@link #MIN_LENGTH} characters. */
  static char[] forExport(Console console, Environment env, boolean stdin) {
    char[] given = given(console, env, stdin);
    if (given != null) {
      if (given.length < MIN_LENGTH) {
        Arrays.fill(given, '\0');
        throw EntraToolException.usage("The passphrase must be at least " + MIN_LENGTH + " characters",
            "Choose a longer one; a few unrelated words make a good passphrase");
      }
      return given;
    }
    requireTerminal(console);
    while (true) {
      char[] first = ask(console, "Passphrase for the bundle (at least " + MIN_LENGTH + " characters, input hidden)");
      if (first.length < MIN_LENGTH) {
        console.warn("  the passphrase must be at least " + MIN_LENGTH + " characters");
        continue;
      }
      char[] second = ask(console, "Repeat the passphrase");
      boolean same = Arrays.equals(first, second);
      Arrays.fill(second, '\0');
      if (same) {
        return first;
      }
      Arrays.fill(first, '\0');
      console.warn("  the passphrases differ; try again");
    }
  }

  /** The passphrase a bundle was exported with; asked once on a terminal. */
  static char[] forImport(Console console, Environment env, boolean stdin, boolean bundleOnStdin) {
    char[] given = given(console, env, stdin);
    if (given != null) {
      return given;
    }
    if (bundleOnStdin && !console.interactive()) {
      throw EntraToolException.usage("No passphrase: the bundle came from standard input, so entratool cannot ask",
          "Set " + ENV + ", or give the bundle with -i FILE and pipe the passphrase with --passphrase-stdin");
    }
    requireTerminal(console);
    return ask(console, "Passphrase of the bundle (input hidden)");
  }

  private static char[] given(Console console, Environment env, boolean stdin) {
    if (stdin) {
      String line = ProfileForm.stdinLine(console, "passphrase");
      if (line == null || line.isEmpty()) {
        throw EntraToolException.usage("--passphrase-stdin was given, but standard input held no passphrase",
            "Pipe it in: printf '%s\\n' \"$PASSPHRASE\" | entratool config ... --passphrase-stdin");
      }
      return strip(line).toCharArray();
    }
    return env.get(ENV).map(String::toCharArray).orElse(null);
  }

  private static void requireTerminal(Console console) {
    if (!console.interactive()) {
      throw EntraToolException.usage("No passphrase: standard input is not a terminal, so entratool cannot ask",
          "Pipe it with --passphrase-stdin, or set " + ENV + " (never as a flag value)");
    }
  }

  private static char[] ask(Console console, String label) {
    String answer = console.promptSecret(label);
    if (answer == null) {
      throw EntraToolException.usage("No passphrase given (input ended)", null);
    }
    return answer.toCharArray();
  }

  private static String strip(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
