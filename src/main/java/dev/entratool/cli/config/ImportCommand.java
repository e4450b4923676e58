package dev.entratool.cli.config;

import dev.entratool.cli.AppContext;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import dev.entratool.secret.SecretKind;
import dev.entratool.transfer.BundleEntry;
import dev.entratool.transfer.KeepSecrets;
import dev.entratool.transfer.ProfileBundle;
import dev.entratool.transfer.ProfileChanges;
import dev.entratool.transfer.ProfileTransfer;
import dev.entratool.transfer.SealedBundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code config import}: profiles (and their secrets) from a bundle, all or nothing. */
@Command(
    name = "import",
    header = "Import profiles from a bundle written by 'entratool config export'.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Decrypt a bundle, check every profile in it, then add them all (secrets into the secret store) or, on any "
          + "problem, nothing. A profile name that exists already is refused unless -n NEW_NAME or --overwrite.",
      "The bundle comes from -i FILE, or from standard input (-i -, or piped) as armoured text. The passphrase is "
          + "asked on a terminal; scripts use --passphrase-stdin (with -i FILE) or ENTRATOOL_EXPORT_PASSPHRASE."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool config import -i graph-sp.bundle",
      "  entratool config import -i graph-sp.bundle -n graph-sp-test",
      "  printf '%%s\\n' \"$PASSPHRASE\" | entratool config import -i backup.bundle \\",
      "      --passphrase-stdin --overwrite",
      "  ENTRATOOL_EXPORT_PASSPHRASE=... entratool config import < backup.bundle"
    })
final class ImportCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "The bundle file; '-' for standard input "
      + "(the default when it is piped)")
  String input;

  @Option(names = {"-n", "--name"}, paramLabel = "NEW_NAME", description = "Import a one-profile bundle under "
      + "this name")
  String newName;

  @Option(names = "--overwrite", description = "Replace profiles whose names exist already")
  boolean overwrite;

  @Option(names = "--keep-secrets", description = "When a replaced profile will sign in at another host, cloud or "
      + "tenant, keep its stored secret for the new one (without this it is removed, or on a terminal you are asked)")
  boolean keepSecrets;

  @Option(names = "--passphrase-stdin", description = "Read the passphrase from the first line of standard input "
      + "(the bundle must then come from -i FILE)")
  boolean passphraseStdin;

  ImportCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    boolean bundleOnStdin = input == null || input.equals("-");
    if (bundleOnStdin && passphraseStdin) {
      throw EntraToolException.usage("--passphrase-stdin needs the bundle from a file, but it would come from "
          + "standard input too", "Give the bundle with -i FILE, or set ENTRATOOL_EXPORT_PASSPHRASE instead");
    }
    if (input == null && console.interactive()) {
      throw EntraToolException.usage("No bundle given", "Give -i FILE, or -i - to paste the armoured text");
    }
    SealedBundle sealed = SealedBundle.parse(bundleOnStdin ? readStdin(console) : readFile(Path.of(input)));
    char[] passphrase = Passphrases.forImport(console, context.env(), passphraseStdin, bundleOnStdin);
    List<BundleEntry> entries;
    try {
      entries = ProfileBundle.fromPayload(sealed.open(passphrase));
    } finally {
      Arrays.fill(passphrase, '\0');
    }
    ProfileTransfer transfer = new ProfileTransfer(context.profileChanges(console));
    KeepSecrets keep = SecretKeeping.decide(console, keepSecrets,
        () -> overwrite ? transfer.secretsToMove(entries, newName) : List.of());
    for (ProfileTransfer.Imported imported : transfer.importEntries(entries, newName, overwrite, keep)) {
      report(console, imported);
    }
    return 0;
  }

  private void report(Console console, ProfileTransfer.Imported imported) {
    Profile p = imported.entry().profile();
    String line = "✓ Imported profile '" + imported.nameInBundle() + "'"
        + (p.name().equals(imported.nameInBundle()) ? "" : " as '" + p.name() + "'")
        + (imported.replaced() ? ", replacing the existing one" : "");
    if (!imported.entry().secrets().isEmpty()) {
      line += ", with its " + String.join(" and ", imported.entry().secrets().keySet().stream()
          .map(SecretKind::label).toList()) + " (stored in " + context.secrets(console).backendName() + ")";
    }
    console.status(line);
    KeepSecrets.Move removed = imported.secretsRemoved();
    if (removed != null) {
      SecretKeeping.reportRemoved(console, removed);
    }
    SecretKind needed = ProfileChanges.secretKind(p.authMethod());
    if (needed != null && !imported.entry().secrets().containsKey(needed)
        && (removed == null || !removed.secrets().contains(needed))) {
      console.status(imported.secretsKept().contains(needed)
          ? "  No " + needed.label() + " came with it: it keeps the one stored here"
          : "  No " + needed.label() + " came with it: set it with 'entratool config edit -p " + p.name() + "'");
    }
    if (p.certificatePath() != null && !Files.isRegularFile(Path.of(p.certificatePath()))) {
      console.status("  Its certificate file " + p.certificatePath() + " is not on this machine: copy it there, "
          + "or change the path with 'entratool config edit -p " + p.name() + "'");
    }
  }

  /**
   * Lines up to the END line, so a bundle pasted at a terminal needs no Ctrl-D; no more than a bundle can hold, so an
   * endless input ends in an error.
   */
  private static String readStdin(Console console) {
    if (console.interactive()) {
      console.status("Paste the bundle, from its BEGIN line to its END line:");
    }
    StringBuilder sb = new StringBuilder();
    for (String line = console.readLine(SealedBundle.MAX_TEXT); line != null;
        line = console.readLine(SealedBundle.MAX_TEXT - sb.length())) {
      sb.append(line).append('\n');
      if (sb.length() > SealedBundle.MAX_TEXT) {
        throw SealedBundle.tooLarge();
      }
      if (line.strip().startsWith("-----END ")) {
        break;
      }
    }
    return sb.toString();
  }

  /** The file's text, no more than a bundle can hold: {@code -i /dev/zero} ends in an error, not out of memory. */
  private static String readFile(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(SealedBundle.MAX_TEXT + 1);
    } catch (NoSuchFileException e) {
      throw EntraToolException.usage("No such file: " + file, "Give the path of the bundle written by "
          + "'entratool config export'");
    } catch (IOException e) {
      throw EntraToolException.usage("Cannot read " + file + ": " + e.getMessage(), null);
    }
    if (bytes.length > SealedBundle.MAX_TEXT) {
      throw SealedBundle.tooLarge();
    }
    // Armour is ASCII; ISO-8859-1 maps any byte, so a binary file reaches the format check instead of a decoder.
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
