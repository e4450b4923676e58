package dev.entratool.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.secret.EncryptedFileSecretStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.testing.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config export} and {@code config import} through the real command line. Every export and import derives a
 * PBKDF2 key (about half a second), so the bundles are made once and each test imports into its own fresh home.
 */
class ExportImportCommandsTest {
  static final String CLIENT = "12345678-1234-1234-1234-123456789abc";
  static final String PASSPHRASE = "a long shared passphrase";
  static final String BEGIN = "-----BEGIN ENTRATOOL PROFILES-----\n";
  static final String END = "-----END ENTRATOOL PROFILES-----\n";

  @TempDir static Path source;
  static String graphSecret;
  static String certPassword;
  static CliRunner.Result plainExport;
  static CliRunner.Result secretExport;
  static CliRunner.Result allExport;
  static Path allBundle;

  @TempDir Path home;

  @BeforeAll
  static void createProfilesAndExportThem() throws IOException {
    // Generated per run: no secret-looking literal lives in the repository.
    graphSecret = "gs-" + UUID.randomUUID();
    certPassword = "cp-" + UUID.randomUUID();
    Path cert = Files.writeString(source.resolve("sp.pfx"), "not a real certificate");
    CliRunner src = new CliRunner(source.resolve("home")).env("ENTRATOOL_EXPORT_PASSPHRASE", PASSPHRASE);
    expectOk(src.runWithStdin(graphSecret + "\n", "config", "create", "--name", "graph-sp", "--tenant",
        "contoso.onmicrosoft.com", "--client-id", CLIENT, "--auth-method", "ClientSecret", "--secret-stdin"));
    expectOk(src.runWithStdin(certPassword + "\n", "config", "create", "--name", "cert-sp", "--tenant",
        "contoso.onmicrosoft.com", "--client-id", CLIENT, "--certificate-path", cert.toString(), "--auth-method",
        "Certificate", "--send-x5c", "--secret-stdin"));
    expectOk(src.run("config", "create", "--name", "me", "--tenant", "organizations", "--client-id", CLIENT,
        "--auth-method", "None", "--default-flow", "DeviceCode", "--scopes", "https://graph.microsoft.com/User.Read",
        "--redirect-uri", "http://localhost:8400"));
    plainExport = src.run("config", "export", "-p", "graph-sp");
    secretExport = src.run("config", "export", "-p", "graph-sp", "--include-secrets");
    allBundle = Files.createDirectories(source.resolve("out")).resolve("all.bundle"); // -o makes no folder
    allExport = src.run("config", "export", "--all", "--include-secrets", "-o", allBundle.toString());
  }

  private static void expectOk(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private CliRunner cli() {
    return new CliRunner(home);
  }

  private CliRunner withPassphrase() {
    return cli().env("ENTRATOOL_EXPORT_PASSPHRASE", PASSPHRASE);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(home.getParent().resolve(home.getFileName() + "-" + name), text);
  }

  private Optional<String> storedSecret(Path entratoolHome, String profile, SecretKind kind) {
    return new EncryptedFileSecretStore(entratoolHome.resolve("secrets.vault"), entratoolHome.resolve("secrets.key"),
        Optional.empty(), notice -> { }).read(profile, kind);
  }

  private String vaultNotice() {
    return "Secrets are stored in encrypted file " + home.resolve("secrets.vault") + " (key in "
        + home.resolve("secrets.key") + "): protects against other users (files are 0600) and a copied vault "
        + "without its key file, not against anyone who can read your home folder.\n";
  }

  private String fileStore() {
    return "encrypted file " + home.resolve("secrets.vault") + " (key in " + home.resolve("secrets.key") + ")";
  }

  private String showJson(CliRunner runner, String profile) {
    CliRunner.Result r = runner.run("config", "show", "-p", profile, "--json");
    expectOk(r);
    return r.out();
  }

  /** The bundle with one decoded byte changed, armoured again. */
  private static String withByte(String armoured, int index, int value) {
    byte[] raw = decode(armoured);
    raw[index] = (byte) value;
    String encoded = Base64.getEncoder().encodeToString(raw);
    StringBuilder sb = new StringBuilder(BEGIN);
    for (int i = 0; i < encoded.length(); i += 64) {
      sb.append(encoded, i, Math.min(encoded.length(), i + 64)).append('\n');
    }
    return sb.append(END).toString();
  }

  private static byte[] decode(String armoured) {
    return Base64.getDecoder().decode(armoured.replace(BEGIN, "").replace(END, "").replace("\n", ""));
  }

  // ---- export ----

  @Test
  void exportWritesOneArmouredBlockToStdoutAndStatusToStderr() {
    assertThat(plainExport.exitCode()).as(plainExport.toString()).isZero();
    assertThat(plainExport.out()).startsWith(BEGIN).endsWith(END).matches("(?s)[-A-Z ]+\n([A-Za-z0-9+/=]{1,64}\n)+"
        + "[-A-Z ]+\n");
    assertThat(plainExport.err()).isEqualTo("✓ Exported profile 'graph-sp' without secrets\n");

    assertThat(secretExport.exitCode()).as(secretExport.toString()).isZero();
    assertThat(secretExport.out()).startsWith(BEGIN).endsWith(END).doesNotContain(graphSecret);
    assertThat(secretExport.err()).isEqualTo("✓ Exported profile 'graph-sp' with 1 secret\n"
        + "  The bundle holds secrets: keep it and its passphrase apart, and delete it when done.\n");
  }

  @Test
  void exportAllToAFileWritesItPrivately() throws IOException {
    assertThat(allExport.exitCode()).as(allExport.toString()).isZero();
    assertThat(allExport.out()).isEmpty();
    assertThat(allExport.err()).isEqualTo("✓ Exported 3 profiles with 2 secrets to " + allBundle + "\n"
        + "  The bundle holds secrets: keep it and its passphrase apart, and delete it when done.\n");
    String text = Files.readString(allBundle);
    assertThat(text).startsWith(BEGIN).endsWith(END).doesNotContain(graphSecret).doesNotContain(certPassword)
        .doesNotContain("graph-sp");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(allBundle))).isEqualTo("rw-------");
  }

  @Test
  void exportNeedsExactlyOneOfProfileOrAll() {
    CliRunner.Result neither = withPassphrase().run("config", "export");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.out()).isEmpty();
    assertThat(neither.err()).isEqualTo("Error: Missing -p NAME or --all\n"
        + "Hint: Run 'entratool config list' to see your profiles\n");

    CliRunner.Result both = withPassphrase().run("config", "export", "-p", "x", "--all");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).isEqualTo("Error: Give either -p NAME or --all, not both\n"
        + "Hint: Run 'entratool config list' to see your profiles\n");

    CliRunner.Result none = withPassphrase().run("config", "export", "--all");
    assertThat(none.exitCode()).isEqualTo(3);
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).isEqualTo("Error: No profiles to export\n"
        + "Hint: Create one with 'entratool config create'\n");
  }

  @Test
  void exportWithoutAnyPassphraseSourceOffATerminalIsAUsageErrorNotAHang() {
    CliRunner.Result r = new CliRunner(source.resolve("home")).run("config", "export", "-p", "me");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: No passphrase: standard input is not a terminal, so entratool cannot ask\n"
        + "Hint: Pipe it with --passphrase-stdin, or set ENTRATOOL_EXPORT_PASSPHRASE (never as a flag value)\n");
  }

  @Test
  void exportRefusesAShortPassphrase() {
    CliRunner.Result r = new CliRunner(source.resolve("home")).runWithStdin("short\n", "config", "export", "-p",
        "me", "--passphrase-stdin");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: The passphrase must be at least 8 characters\n"
        + "Hint: Choose a longer one; a few unrelated words make a good passphrase\n");
  }

  @Test
  void interactiveExportAsksTwiceAndAgainWhenTheAnswersDiffer() {
    CliRunner.Result r = new CliRunner(source.resolve("home")).runInteractive(
        "one passphrase\nanother one\n" + PASSPHRASE + "\n" + PASSPHRASE + "\n", "config", "export", "-p", "me");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith(BEGIN).endsWith(END);
    assertThat(r.err()).isEqualTo(
        "Passphrase for the bundle (at least 8 characters, input hidden): Repeat the passphrase: "
            + "  the passphrases differ; try again\n"
            + "Passphrase for the bundle (at least 8 characters, input hidden): Repeat the passphrase: "
            + "✓ Exported profile 'me' without secrets\n");

    // ...and that bundle opens with the passphrase typed the second time, pasted at a terminal.
    CliRunner.Result in = cli().runInteractive(r.out() + PASSPHRASE + "\n", "config", "import", "-i", "-");
    assertThat(in.exitCode()).as(in.toString()).isZero();
    assertThat(in.out()).isEmpty();
    assertThat(in.err()).isEqualTo("Paste the bundle, from its BEGIN line to its END line:\n"
        + "Passphrase of the bundle (input hidden): ✓ Imported profile 'me'\n");
    assertThat(showJson(cli(), "me")).isEqualTo(showJson(new CliRunner(source.resolve("home")), "me"));
  }

  // ---- round trips ----

  @Test
  void roundTripWithoutSecretsRecreatesTheProfileAndStoresNoSecret() throws IOException {
    Path bundle = write("graph.bundle", plainExport.out());
    CliRunner.Result r = withPassphrase().run("config", "import", "-i", bundle.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("✓ Imported profile 'graph-sp'\n"
        + "  No client secret came with it: set it with 'entratool config edit -p graph-sp'\n");
    assertThat(showJson(cli(), "graph-sp")).isEqualTo(showJson(new CliRunner(source.resolve("home")), "graph-sp"));
    assertThat(Files.exists(home.resolve("secrets.vault"))).isFalse();
  }

  @Test
  void roundTripWithSecretsPutsThemInTheSecretStore() throws IOException {
    Path bundle = write("graph.bundle", secretExport.out());
    CliRunner.Result r = withPassphrase().run("config", "import", "-i", bundle.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(vaultNotice()
        + "✓ Imported profile 'graph-sp', with its client secret (stored in " + fileStore() + ")\n");
    assertThat(storedSecret(home, "graph-sp", SecretKind.CLIENT_SECRET)).contains(graphSecret);
    assertThat(Files.readString(home.resolve("profiles.json"))).doesNotContain(graphSecret);
  }

  @Test
  void importAllWithSeveralProfilesFromPipedStdin() throws IOException {
    CliRunner.Result r = withPassphrase().runWithStdin(Files.readString(allBundle), "config", "import");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(vaultNotice()
        + "✓ Imported profile 'graph-sp', with its client secret (stored in " + fileStore() + ")\n"
        + "✓ Imported profile 'cert-sp', with its certificate password (stored in " + fileStore() + ")\n"
        + "✓ Imported profile 'me'\n");
    CliRunner original = new CliRunner(source.resolve("home"));
    for (String name : new String[] {"graph-sp", "cert-sp", "me"}) {
      assertThat(showJson(cli(), name)).as(name).isEqualTo(showJson(original, name));
    }
    assertThat(cli().run("config", "list").out()).isEqualTo(original.run("config", "list").out());
    assertThat(storedSecret(home, "graph-sp", SecretKind.CLIENT_SECRET)).contains(graphSecret);
    assertThat(storedSecret(home, "cert-sp", SecretKind.CERTIFICATE_PASSWORD)).contains(certPassword);
  }

  @Test
  void importTellsWhenTheCertificateFileIsNotOnThisMachine() throws IOException {
    Path cert = source.resolve("sp.pfx");
    Path moved = source.resolve("sp.pfx.moved");
    Files.move(cert, moved);
    try {
      CliRunner.Result r = withPassphrase().run("config", "import", "-i", allBundle.toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.err()).contains("✓ Imported profile 'cert-sp', with its certificate password (stored in "
          + fileStore() + ")\n  Its certificate file " + cert + " is not on this machine: copy it there, or change "
          + "the path with 'entratool config edit -p cert-sp'\n");
    } finally {
      Files.move(moved, cert);
    }
  }

  // ---- refusals that change nothing ----

  private void assertNothingWritten() throws IOException {
    try (var files = Files.list(home)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("files in ENTRATOOL_HOME").doesNotContain("profiles.json", "secrets.vault");
    }
  }

  @Test
  void aWrongPassphraseIsOneClearErrorAndChangesNothing() throws IOException {
    Path bundle = write("graph.bundle", secretExport.out());
    CliRunner.Result r = cli().env("ENTRATOOL_EXPORT_PASSPHRASE", "not the passphrase").run("config", "import",
        "-i", bundle.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: Wrong passphrase or damaged bundle: its passphrase check failed\n"
        + "Hint: Type the passphrase chosen at export; if it is right, the bundle was damaged on the way (copy it "
        + "again)\n");
    assertNothingWritten();
  }

  @Test
  void flippedBytesInTheHeaderAndBodyAreRejectedThroughTheCli() throws IOException {
    String bundle = secretExport.out();
    int length = decode(bundle).length;
    // magic, version, KDF id, iterations, salt, nonce, passphrase check, length, ciphertext, tag
    int[] positions = {0, 4, 5, 7, 12, 30, 40, 56, 70, length - 1};
    String[] expected = {
      "This is not an entratool profile bundle (its content does not start with the bundle marker)",
      "The bundle has format version 254, which this entratool does not know (it reads version 1); was it "
          + "written by a newer entratool?",
      "The bundle is damaged: it names key derivation 254, which does not exist",
      "The bundle asks for 16132032 PBKDF2 iterations, more than the 10000000 entratool accepts",
      "Wrong passphrase or damaged bundle: its passphrase check failed",
      "The bundle was modified or damaged: its integrity check failed",
      "Wrong passphrase or damaged bundle: its passphrase check failed",
      "The bundle is truncated: it holds",
      "The bundle was modified or damaged: its integrity check failed",
      "The bundle was modified or damaged: its integrity check failed"};
    for (int i = 0; i < positions.length; i++) {
      String tampered = withByte(bundle, positions[i], ~decode(bundle)[positions[i]]);
      Path file = write("flip" + positions[i], tampered);
      CliRunner.Result r = withPassphrase().run("config", "import", "-i", file.toString());
      assertThat(r.exitCode()).as("byte %d: %s", positions[i], r).isIn(2, 3);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).as("byte %d", positions[i]).startsWith("Error: " + expected[i]).contains("\nHint: ");
    }
    assertNothingWritten();
  }

  @Test
  void aTruncatedBundleIsRejected() throws IOException {
    String bundle = plainExport.out();
    Path noEnd = write("no-end", bundle.substring(0, bundle.indexOf("-----END")));
    CliRunner.Result r = withPassphrase().run("config", "import", "-i", noEnd.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: The bundle is truncated: its '-----END ENTRATOOL PROFILES-----' line is "
        + "missing\nHint: Copy the whole bundle again, from its BEGIN line to its END line, and import that\n");

    String[] lines = bundle.split("\n");
    String lastLineLost = String.join("\n", java.util.Arrays.copyOf(lines, lines.length - 2)) + "\n" + END;
    CliRunner.Result cut = withPassphrase().run("config", "import", "-i", write("cut", lastLineLost).toString());
    assertThat(cut.exitCode()).isEqualTo(3);
    assertThat(cut.err()).matches("Error: The bundle (is truncated: it holds \\d+ of its \\d+ encrypted bytes|is "
        + "damaged: its text is not valid base64)\nHint: Copy the whole bundle again, from its BEGIN line to its "
        + "END line, and import that\n");
    assertNothingWritten();
  }

  @Test
  void aBundleFromANewerVersionIsRefusedBeforeAskingForThePassphrase() throws IOException {
    Path newer = write("newer", withByte(plainExport.out(), 4, 2));
    CliRunner.Result r = cli().run("config", "import", "-i", newer.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: The bundle has format version 2, which this entratool does not know (it "
        + "reads version 1); was it written by a newer entratool?\n"
        + "Hint: Upgrade entratool on this machine, then import again\n");
    assertNothingWritten();
  }

  @Test
  void anExistingNameIsRefusedUnlessRenamedOrOverwritten() throws IOException {
    CliRunner existing = withPassphrase();
    expectOk(existing.runWithStdin("old-secret-value\n", "config", "create", "--name", "graph-sp", "--tenant",
        "fabrikam.onmicrosoft.com", "--client-id", CLIENT, "--secret-stdin"));
    byte[] profilesBefore = Files.readAllBytes(home.resolve("profiles.json"));
    byte[] vaultBefore = Files.readAllBytes(home.resolve("secrets.vault"));
    Path bundle = write("graph.bundle", secretExport.out());

    CliRunner.Result refused = existing.run("config", "import", "-i", bundle.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).isEqualTo("Error: Profile 'graph-sp' already exists\n"
        + "Hint: Import it under another name with -n NEW_NAME, or replace it with --overwrite\n");
    assertThat(Files.readAllBytes(home.resolve("profiles.json"))).isEqualTo(profilesBefore);
    assertThat(Files.readAllBytes(home.resolve("secrets.vault"))).isEqualTo(vaultBefore);

    CliRunner.Result badName = existing.run("config", "import", "-i", bundle.toString(), "-n", "bad name");
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(badName.err()).isEqualTo("Error: 'bad name' is not a valid profile name for -n\n"
        + "Hint: Use 1-64 letters, digits, '.', '_' or '-'\n");
    assertThat(Files.readAllBytes(home.resolve("profiles.json"))).isEqualTo(profilesBefore);

    CliRunner.Result renamed = existing.run("config", "import", "-i", bundle.toString(), "-n", "graph-sp-2");
    assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
    assertThat(renamed.err()).isEqualTo("✓ Imported profile 'graph-sp' as 'graph-sp-2', with its client secret "
        + "(stored in " + fileStore() + ")\n");
    assertThat(storedSecret(home, "graph-sp-2", SecretKind.CLIENT_SECRET)).contains(graphSecret);
    assertThat(storedSecret(home, "graph-sp", SecretKind.CLIENT_SECRET)).contains("old-secret-value");

    // tokens cached for the profile being replaced (another tenant) must go with it
    Path cache = Files.createDirectories(home.resolve("cache")).resolve("graph-sp.tokens");
    Files.write(cache, new byte[] {1, 2, 3});
    Path runtimeEntry = Files.createDirectories(home.resolve("run").resolve("entratool"))
        .resolve("graph-sp.access-token");
    Files.writeString(runtimeEntry, "entratool-fast-token-v1\n");
    CliRunner.Result replaced = existing.env("XDG_RUNTIME_DIR", home.resolve("run").toString())
        .run("config", "import", "-i", bundle.toString(), "--overwrite");
    assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
    assertThat(cache).doesNotExist();
    assertThat(runtimeEntry).doesNotExist();
    assertThat(replaced.err()).isEqualTo("✓ Imported profile 'graph-sp', replacing the existing one, with its "
        + "client secret (stored in " + fileStore() + ")\n");
    assertThat(showJson(existing, "graph-sp")).contains("contoso.onmicrosoft.com");
    assertThat(storedSecret(home, "graph-sp", SecretKind.CLIENT_SECRET)).contains(graphSecret);
  }

  @Test
  void severalClashesAreNamedTogetherAndNothingIsImported() throws IOException {
    CliRunner existing = withPassphrase();
    expectOk(existing.run("config", "create", "--name", "me", "--tenant", "common", "--client-id", CLIENT,
        "--auth-method", "None", "--default-flow", "DeviceCode"));
    expectOk(existing.run("config", "create", "--name", "cert-sp", "--tenant", "common", "--client-id", CLIENT,
        "--auth-method", "None", "--default-flow", "DeviceCode"));
    byte[] before = Files.readAllBytes(home.resolve("profiles.json"));

    CliRunner.Result r = existing.run("config", "import", "-i", allBundle.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("Error: Profiles 'cert-sp', 'me' already exist\n"
        + "Hint: Replace them with --overwrite, or delete or rename them first\n");
    assertThat(Files.readAllBytes(home.resolve("profiles.json"))).isEqualTo(before);
    assertThat(Files.exists(home.resolve("secrets.vault"))).isFalse();

    CliRunner.Result renamed = existing.run("config", "import", "-i", allBundle.toString(), "-n", "x");
    assertThat(renamed.exitCode()).isEqualTo(2);
    assertThat(renamed.err()).isEqualTo("Error: -n NEW_NAME needs a bundle with one profile, but this one holds 3 "
        + "(graph-sp, cert-sp, me)\n"
        + "Hint: Import without -n; profiles whose names exist here can be replaced with --overwrite\n");
    assertThat(Files.readAllBytes(home.resolve("profiles.json"))).isEqualTo(before);
  }

  @Test
  void whenProfilesJsonCannotBeLockedNoSecretIsWritten() throws IOException {
    // A folder where the lock file belongs: the import stops before it writes anything (the secrets are written
    // under that lock; their roll-back when the file's write fails is TransferRollBackTest's).
    Files.createDirectories(home.resolve("profiles.json.lock"));
    Path bundle = write("graph.bundle", secretExport.out());
    CliRunner.Result r = withPassphrase().run("config", "import", "-i", bundle.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Error: Cannot write " + home.resolve("profiles.json"));
    assertThat(storedSecret(home, "graph-sp", SecretKind.CLIENT_SECRET)).isEmpty();
    assertThat(Files.exists(home.resolve("profiles.json"))).isFalse();
  }

  @Test
  void anInvalidProfileInTheBundleImportsNothing() throws IOException {
    String payload = "{\"profiles\":[{\"profile\":{\"name\":\"good\",\"tenantId\":\"common\",\"clientId\":\""
        + CLIENT + "\",\"scopes\":[\"https://graph.microsoft.com/.default\"],\"authMethod\":\"ClientSecret\"},"
        + "\"secrets\":{\"client-secret\":\"s\"}},"
        + "{\"profile\":{\"name\":\"bad\",\"tenantId\":\"not a tenant\",\"clientId\":\"" + CLIENT + "\","
        + "\"scopes\":[\"https://graph.microsoft.com/.default\"],\"authMethod\":\"None\"}}]}";
    String bundle = dev.entratool.transfer.SealedBundle.seal(payload.getBytes(StandardCharsets.UTF_8),
        PASSPHRASE.toCharArray());
    CliRunner.Result r = withPassphrase().run("config", "import", "-i", write("mixed", bundle).toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: The bundle holds an invalid profile list: profiles[1] ('bad') field "
        + "tenantId: 'not a tenant' is not a tenant ID GUID, a domain (contoso.onmicrosoft.com), common or "
        + "organizations\n"
        + "Hint: Export it again with this entratool version, or fix the profile on the exporting machine first\n");
    assertNothingWritten();
  }

  @Test
  void passphraseOnStdinNeedsTheBundleFromAFile() throws IOException {
    CliRunner.Result r = cli().runWithStdin(PASSPHRASE + "\n" + plainExport.out(), "config", "import",
        "--passphrase-stdin");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: --passphrase-stdin needs the bundle from a file, but it would come from "
        + "standard input too\nHint: Give the bundle with -i FILE, or set ENTRATOOL_EXPORT_PASSPHRASE instead\n");

    Path bundle = write("graph.bundle", plainExport.out());
    CliRunner.Result ok = cli().runWithStdin(PASSPHRASE + "\n", "config", "import", "-i", bundle.toString(),
        "--passphrase-stdin");
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(ok.err()).startsWith("✓ Imported profile 'graph-sp'\n");
  }

  @Test
  void aPipedBundleWithoutAPassphraseVariableSaysHowToGiveOne() {
    CliRunner.Result r = cli().runWithStdin(plainExport.out(), "config", "import");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: No passphrase: the bundle came from standard input, so entratool cannot "
        + "ask\nHint: Set ENTRATOOL_EXPORT_PASSPHRASE, or give the bundle with -i FILE and pipe the passphrase with "
        + "--passphrase-stdin\n");
  }

  @Test
  void importWithoutABundleAtATerminalSaysWhereToGiveIt() {
    CliRunner.Result r = cli().runInteractive("", "config", "import");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("Error: No bundle given\nHint: Give -i FILE, or -i - to paste the armoured text\n");

    CliRunner.Result missing = cli().run("config", "import", "-i", home.resolve("nope.bundle").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("Error: No such file: " + home.resolve("nope.bundle") + "\n"
        + "Hint: Give the path of the bundle written by 'entratool config export'\n");
  }
}
