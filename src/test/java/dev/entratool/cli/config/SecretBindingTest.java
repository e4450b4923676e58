package dev.entratool.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.profile.Cloud;
import dev.entratool.profile.Profile;
import dev.entratool.secret.EncryptedFileSecretStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored secret belongs to where the profile signed in when it was set (host, cloud, tenant). An import or an edit
 * that moves the profile elsewhere without a new secret removes it, and says so, unless the user keeps it
 * (--keep-secrets, or yes at a terminal): the next get-token never sends it to a place it was not meant for.
 */
class SecretBindingTest {
  static final String GRAPH = TestBundles.GRAPH;
  static final String STORED = "stored-secret-value";

  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  /** Another sign-in host, which must never see the stored secret. */
  static FakeEntra elsewhere;
  static String client;
  @TempDir static Path bundles;
  static Path movedHost;
  static Path movedTenant;
  static Path movedCloud;
  static Path samePlace;
  static Path movedWithSecret;

  @TempDir Path home;

  @BeforeAll
  static void startAndSeal() throws IOException {
    elsewhere = FakeEntra.start(fx.pki);
    client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret(STORED).allow("https://graph.microsoft.com", "x");
    movedHost = bundle("moved-host", b -> b.authorityHost = elsewhere.authorityHost(), Map.of());
    movedTenant = bundle("moved-tenant", b -> b.tenantId = FakeEntra.TENANT_ID, Map.of());
    movedCloud = bundle("moved-cloud", b -> {
      b.authorityHost = null;
      b.cloud = Cloud.AzureChina;
    }, Map.of());
    samePlace = bundle("same-place", b -> b.scopes = List.of("https://management.azure.com/.default"), Map.of());
    movedWithSecret = bundle("moved-with-secret", b -> b.authorityHost = elsewhere.authorityHost(),
        Map.of(SecretKind.CLIENT_SECRET, "brought-secret"));
  }

  @AfterAll
  static void stop() {
    elsewhere.close();
  }

  /** A bundle (without secrets unless given) of profile "sp" as created here, changed by {@code change}. */
  private static Path bundle(String file, Consumer<Profile.Builder> change, Map<SecretKind, String> secrets)
      throws IOException {
    Profile.Builder b = TestBundles.profile("sp", FakeEntra.TENANT_DOMAIN, client);
    b.authorityHost = fx.entra.authorityHost();
    change.accept(b);
    return TestBundles.write(bundles.resolve(file + ".bundle"), b.build(), secrets);
  }

  private CliRunner cli(Path at) {
    return fx.cli(at).env("ENTRATOOL_EXPORT_PASSPHRASE", TestBundles.PASSPHRASE);
  }

  /** Profile "sp" at the emulator with its stored client secret; in the public cloud when {@code atCloud}. */
  private CliRunner profileAt(Path at, boolean atCloud) {
    CliRunner cli = cli(at);
    if (atCloud) {
      expectOk(cli.runWithStdin(STORED + "\n", "config", "create", "--name", "sp", "--tenant",
          FakeEntra.TENANT_DOMAIN, "--client-id", client, "--secret-stdin"));
    } else {
      fx.createSecretProfile(cli, "sp", client, STORED, GRAPH);
    }
    return cli;
  }

  private static void expectOk(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private static Optional<String> stored(Path at, SecretKind kind) {
    return new EncryptedFileSecretStore(at.resolve("secrets.vault"), at.resolve("secrets.key"), Optional.empty(),
        notice -> { }).read("sp", kind);
  }

  private static String here() {
    return fx.entra.authorityHost() + "/" + FakeEntra.TENANT_DOMAIN;
  }

  private static String removed(String from, String to) {
    return "  Its stored client secret was removed: set for " + from + ", not for " + to + ", where it now signs "
        + "in. Set it again with 'entratool config edit -p sp'\n";
  }

  /** Where each move takes the profile, and whether it starts in the public cloud (no authority host). */
  private record Move(String label, Path bundle, String[] editFlags, boolean atCloud, String from, String to) {}

  private static List<Move> moves() {
    return List.of(
        new Move("host", movedHost, new String[] {"--authority-host", elsewhere.authorityHost()}, false, here(),
            elsewhere.authorityHost() + "/" + FakeEntra.TENANT_DOMAIN),
        new Move("tenant", movedTenant, new String[] {"--tenant", FakeEntra.TENANT_ID}, false, here(),
            fx.entra.authorityHost() + "/" + FakeEntra.TENANT_ID),
        new Move("cloud", movedCloud, new String[] {"--cloud", "AzureChina"}, true,
            "https://login.microsoftonline.com/" + FakeEntra.TENANT_DOMAIN,
            "https://login.chinacloudapi.cn/" + FakeEntra.TENANT_DOMAIN));
  }

  /** get-token after the move: refused for want of a secret, and no request reached either host. */
  private static void assertNoTokenRequestCarriesTheSecret(CliRunner cli) {
    int here = fx.entra.tokenRequests();
    int there = elsewhere.tokenRequests();
    CliRunner.Result r = cli.run("get-token", "-p", "sp", "--force");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("Error: Profile 'sp' has no client secret stored");
    assertThat(fx.entra.tokenRequests()).isEqualTo(here);
    assertThat(elsewhere.tokenRequests()).as("requests at the new host").isEqualTo(there);
  }

  // ---- import ----

  @Test
  void anImportThatMovesTheProfileRemovesTheSecretItDidNotBring() {
    for (Move move : moves()) {
      Path at = home.resolve("import-" + move.label());
      CliRunner cli = profileAt(at, move.atCloud());
      CliRunner.Result r = cli.run("config", "import", "-i", move.bundle().toString(), "--overwrite");
      expectOk(r);
      if (!move.label().equals("cloud")) { // the real Microsoft clouds are not reachable from a test
        assertNoTokenRequestCarriesTheSecret(cli);
      }
      assertThat(stored(at, SecretKind.CLIENT_SECRET)).as(move.label()).isEmpty();
      assertThat(r.err()).as(move.label()).isEqualTo("✓ Imported profile 'sp', replacing the existing one\n"
          + removed(move.from(), move.to()));
    }
  }

  @Test
  void keepSecretsKeepsItForTheNewPlace() {
    CliRunner cli = profileAt(home, false);
    CliRunner.Result r = cli.run("config", "import", "-i", movedHost.toString(), "--overwrite", "--keep-secrets");
    expectOk(r);
    assertThat(r.err()).isEqualTo("✓ Imported profile 'sp', replacing the existing one\n"
        + "  No client secret came with it: it keeps the one stored here\n");
    assertThat(stored(home, SecretKind.CLIENT_SECRET)).contains(STORED);
  }

  @Test
  void anImportAtATerminalAsksAndKeepsTheSecretOnlyOnYes() {
    String question = "Profile 'sp' will sign in at " + elsewhere.authorityHost() + "/" + FakeEntra.TENANT_DOMAIN
        + " instead of " + here() + ".\nKeep its stored client secret for signing in there? [y/N]: ";
    CliRunner yes = profileAt(home.resolve("yes"), false);
    CliRunner.Result kept = yes.runInteractive("y\n", "config", "import", "-i", movedHost.toString(), "--overwrite");
    expectOk(kept);
    assertThat(kept.err()).isEqualTo(question + "✓ Imported profile 'sp', replacing the existing one\n"
        + "  No client secret came with it: it keeps the one stored here\n");
    assertThat(stored(home.resolve("yes"), SecretKind.CLIENT_SECRET)).contains(STORED);

    CliRunner no = profileAt(home.resolve("no"), false);
    CliRunner.Result gone = no.runInteractive("\n", "config", "import", "-i", movedHost.toString(), "--overwrite");
    expectOk(gone);
    assertThat(gone.err()).isEqualTo(question + "✓ Imported profile 'sp', replacing the existing one\n"
        + removed(here(), elsewhere.authorityHost() + "/" + FakeEntra.TENANT_DOMAIN));
    assertThat(stored(home.resolve("no"), SecretKind.CLIENT_SECRET)).isEmpty();
  }

  @Test
  void anImportThatKeepsTheSignInOrBringsASecretAsksNothing() {
    CliRunner cli = profileAt(home, false);
    CliRunner.Result same = cli.runInteractive("", "config", "import", "-i", samePlace.toString(), "--overwrite");
    expectOk(same);
    assertThat(same.err()).isEqualTo("✓ Imported profile 'sp', replacing the existing one\n"
        + "  No client secret came with it: it keeps the one stored here\n");
    assertThat(stored(home, SecretKind.CLIENT_SECRET)).contains(STORED);

    CliRunner.Result brought = cli.runInteractive("", "config", "import", "-i", movedWithSecret.toString(),
        "--overwrite");
    expectOk(brought);
    assertThat(brought.err()).startsWith("✓ Imported profile 'sp', replacing the existing one, with its client "
        + "secret (stored in ").doesNotContain("Keep its").doesNotContain("removed");
    assertThat(stored(home, SecretKind.CLIENT_SECRET)).contains("brought-secret");
  }

  // ---- edit ----

  @Test
  void anEditThatMovesTheProfileRemovesTheSecret() {
    for (Move move : moves()) {
      Path at = home.resolve("edit-" + move.label());
      CliRunner cli = profileAt(at, move.atCloud());
      CliRunner.Result r = cli.run(args("config", "edit", "-p", "sp", move.editFlags()));
      expectOk(r);
      if (!move.label().equals("cloud")) {
        assertNoTokenRequestCarriesTheSecret(cli);
      }
      assertThat(stored(at, SecretKind.CLIENT_SECRET)).as(move.label()).isEmpty();
      assertThat(r.err()).as(move.label()).isEqualTo("✓ Profile 'sp' updated\n" + removed(move.from(), move.to()));
    }
  }

  @Test
  void anEditWithKeepSecretsOrANewSecretKeepsOrReplacesIt() {
    CliRunner cli = profileAt(home, false);
    expectOk(cli.run("config", "edit", "-p", "sp", "--tenant", FakeEntra.TENANT_ID, "--keep-secrets"));
    assertThat(stored(home, SecretKind.CLIENT_SECRET)).contains(STORED);
    CliRunner.Result r = cli.runWithStdin("new-secret\n", "config", "edit", "-p", "sp", "--authority-host",
        elsewhere.authorityHost(), "--secret-stdin");
    expectOk(r);
    assertThat(r.err()).startsWith("✓ Profile 'sp' updated\n✓ Client secret stored in ").doesNotContain("removed");
    assertThat(stored(home, SecretKind.CLIENT_SECRET)).contains("new-secret");
  }

  @Test
  void anInteractiveEditOfTheSignInAsksAndKeepsTheSecretOnlyOnYes() {
    for (String answer : List.of("n", "y")) {
      Path at = home.resolve(answer);
      CliRunner cli = profileAt(at, false);
      CliRunner.Result r = cli.runInteractive("Authority host\n" + elsewhere.authorityHost() + "\n" + answer + "\n",
          "config", "edit", "-p", "sp");
      expectOk(r);
      String to = elsewhere.authorityHost() + "/" + FakeEntra.TENANT_DOMAIN;
      assertThat(r.err()).contains("Profile 'sp' will sign in at " + to + " instead of " + here() + ".\n"
          + "Keep its stored client secret for signing in there? [y/N]: ✓ Profile 'sp' updated\n");
      if (answer.equals("y")) {
        assertThat(r.err()).doesNotContain("removed");
        assertThat(stored(at, SecretKind.CLIENT_SECRET)).contains(STORED);
      } else {
        assertThat(r.err()).endsWith(removed(here(), to));
        assertThat(stored(at, SecretKind.CLIENT_SECRET)).isEmpty();
      }
    }
  }

  @Test
  void aCertificatePasswordStaysBehindToo() throws IOException {
    Path cert = Files.writeString(home.resolve("sp.pfx"), "placeholder");
    CliRunner cli = cli(home.resolve("h"));
    expectOk(cli.runWithStdin("cert-password\n", "config", "create", "--name", "sp", "--tenant",
        FakeEntra.TENANT_DOMAIN, "--client-id", client, "--certificate-path", cert.toString(), "--auth-method",
        "Certificate", "--authority-host", fx.entra.authorityHost(), "--secret-stdin"));
    CliRunner.Result r = cli.run("config", "edit", "-p", "sp", "--tenant", FakeEntra.TENANT_ID);
    expectOk(r);
    assertThat(r.err()).contains("  Its stored certificate password was removed: set for " + here());
    assertThat(stored(home.resolve("h"), SecretKind.CERTIFICATE_PASSWORD)).isEmpty();
  }

  private static String[] args(String a, String b, String c, String d, String[] more) {
    String[] out = new String[4 + more.length];
    out[0] = a;
    out[1] = b;
    out[2] = c;
    out[3] = d;
    System.arraycopy(more, 0, out, 4, more.length);
    return out;
  }
}
