package dev.entratool.cli.config;

import dev.entratool.cli.AppContext;
import dev.entratool.cli.ProfileOption;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.output.OutputFile;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.transfer.BundleEntry;
import dev.entratool.transfer.ProfileBundle;
import dev.entratool.transfer.ProfileChanges;
import dev.entratool.transfer.ProfileTransfer;
import dev.entratool.transfer.SealedBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code config export}: profiles into a passphrase-encrypted bundle. */
@Command(
    name = "export",
    header = "Export profiles to a passphrase-encrypted bundle (backup, sharing, a new machine).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write one profile (-p) or all (--all) to a bundle encrypted with AES-256-GCM under a key derived from a "
          + "passphrase (PBKDF2-HMAC-SHA256, 600,000 iterations). Without -o the bundle goes to stdout as armoured "
          + "text.",
      "The passphrase is asked twice on a terminal; scripts use --passphrase-stdin or ENTRATOOL_EXPORT_PASSPHRASE.",
      "Secrets (client secret, certificate password) are included only with --include-secrets."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool config export -p graph-sp -o graph-sp.bundle",
      "  entratool config export --all --include-secrets -o entratool-backup.bundle",
      "  printf '%%s\\n' \"$PASSPHRASE\" | entratool config export --all \\",
      "      --passphrase-stdin -o backup.bundle"
    })
final class ExportCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;
  @Mixin ProfileOption profile;

  @Option(names = "--all", description = "Export every profile")
  boolean all;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the bundle to FILE (mode 600) "
      + "instead of stdout")
  Path output;

  @Option(names = "--include-secrets", description = "Include the stored client secrets and certificate passwords")
  boolean includeSecrets;

  @Option(names = "--passphrase-stdin", description = "Read the passphrase from the first line of standard input")
  boolean passphraseStdin;

  ExportCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (all == (profile.name() != null)) {
      throw EntraToolException.usage(all ? "Give either -p NAME or --all, not both" : "Missing -p NAME or --all",
          "Run 'entratool config list' to see your profiles");
    }
    if (output != null) {
      OutputFile.check(output); // before the passphrase is asked for
    }
    ProfileStore store = context.profiles();
    List<Profile> chosen = all ? store.list() : List.of(store.require(profile.name()));
    if (chosen.isEmpty()) {
      throw EntraToolException.profile("No profiles to export", "Create one with 'entratool config create'");
    }
    char[] passphrase = Passphrases.forExport(console, context.env(), passphraseStdin);
    String text;
    List<BundleEntry> entries;
    try {
      entries = new ProfileTransfer(context.profileChanges(console)).export(chosen, includeSecrets);
      text = SealedBundle.seal(ProfileBundle.toPayload(entries), passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
    if (includeSecrets) {
      warnMissingSecrets(console, entries);
    }
    String what = entries.size() == 1 ? "profile '" + entries.get(0).profile().name() + "'"
        : entries.size() + " profiles";
    int secrets = entries.stream().mapToInt(e -> e.secrets().size()).sum();
    String with = !includeSecrets ? " without secrets" : secrets == 1 ? " with 1 secret" : " with " + secrets
        + " secrets";
    if (output == null) {
      console.result(text.stripTrailing());
      console.status("✓ Exported " + what + with);
    } else {
      OutputFile.write(output, text.getBytes(StandardCharsets.US_ASCII));
      console.status("✓ Exported " + what + with + " to " + output);
    }
    if (includeSecrets) {
      console.status("  The bundle holds secrets: keep it and its passphrase apart, and delete it when done.");
    }
    return 0;
  }

  private static void warnMissingSecrets(Console console, List<BundleEntry> entries) {
    for (BundleEntry e : entries) {
      SecretKind needed = ProfileChanges.secretKind(e.profile().authMethod());
      if (needed != null && !e.secrets().containsKey(needed)) {
        console.warn("Warning: profile '" + e.profile().name() + "' has no " + needed.label()
            + " stored; it is exported without one");
      }
    }
  }
}
