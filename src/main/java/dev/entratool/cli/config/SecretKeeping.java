package dev.entratool.cli.config;

import dev.entratool.console.Console;
import dev.entratool.secret.SecretKind;
import dev.entratool.transfer.KeepSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Whether stored secrets follow a profile that will sign in elsewhere ({@code config edit}, {@code config import}):
 * {@code --keep-secrets} keeps them, a person at a terminal is asked, and otherwise they are removed, and said so.
 */
final class SecretKeeping {
  private SecretKeeping() {}

  /** @param moves the moves to ask about, read only when there is someone to ask */
  static KeepSecrets decide(Console console, boolean keepFlag, Supplier<List<KeepSecrets.Move>> moves) {
    if (keepFlag) {
      return KeepSecrets.ALWAYS;
    }
    if (!console.interactive()) {
      return KeepSecrets.NEVER;
    }
    List<KeepSecrets.Move> confirmed = new ArrayList<>();
    for (KeepSecrets.Move m : moves.get()) {
      console.status("Profile '" + m.profile() + "' will sign in at " + m.to() + " instead of " + m.from() + ".");
      if (console.confirm("Keep its stored " + labels(m.secrets()) + " for signing in there?")) {
        confirmed.add(m);
      }
    }
    return KeepSecrets.confirmed(confirmed);
  }

  /** Says which secrets a change removed, and how to set them again. */
  static void reportRemoved(Console console, KeepSecrets.Move removed) {
    console.status("  Its stored " + labels(removed.secrets()) + (removed.secrets().size() == 1 ? " was" : " were")
        + " removed: set for " + removed.from() + ", not for " + removed.to() + ", where it now signs in. Set "
        + (removed.secrets().size() == 1 ? "it" : "them") + " again with 'entratool config edit -p "
        + removed.profile() + "'");
  }

  static String labels(Set<SecretKind> kinds) {
    return kinds.stream().map(SecretKind::label).collect(Collectors.joining(" and "));
  }
}
