package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** get-token --from-env: a profile from the Azure SDKs' variables, never saved, its tokens cached all the same. */
class UnsavedProfilesTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner cli;
  String client;
  String secret;

  @BeforeEach
  void app() {
    client = EntraFixture.newClientId();
    secret = "env-secret-" + UUID.randomUUID();
    fx.entra.registerApp(client).secret(secret).allow("https://graph.microsoft.com", "User.Read.All")
        .federated("https://issuer.example.com/", "ci", "api://AzureADTokenExchange");
    cli = fx.cli(home).env("AZURE_TENANT_ID", FakeEntra.TENANT_ID).env("AZURE_CLIENT_ID", client)
        .env("AZURE_AUTHORITY_HOST", fx.entra.authorityHost());
  }

  /** Their hints name variables, not config commands: so no saved profile may take such a name. */
  @Test
  void noSavedProfileMayTakeTheNameOfAnUnsavedOne() throws Exception {
    CliRunner.Result saved = cli.runWithStdin(secret + "\n", "config", "create", "--name", "ci", "--tenant",
        FakeEntra.TENANT_ID, "--client-id", client, "--authority-host", fx.entra.authorityHost(), "--secret-stdin");
    assertThat(saved.exitCode()).as(saved.toString()).isZero();
    Path bundle = home.resolve("ci.json");
    cli.env("ENTRATOOL_EXPORT_PASSPHRASE", "a passphrase for the bundle");
    CliRunner.Result exported = cli.run("config", "export", "-p", "ci", "-o", bundle.toString());
    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    byte[] before = Files.readAllBytes(home.resolve("profiles.json"));
    for (String name : new String[] {"from-env.ci", "managed-identity.vm"}) {
      CliRunner.Result created = cli.runWithStdin(secret + "\n", "config", "create", "--name", name, "--tenant",
          FakeEntra.TENANT_ID, "--client-id", client, "--authority-host", fx.entra.authorityHost(), "--secret-stdin");
      CliRunner.Result imported = cli.run("config", "import", "-i", bundle.toString(), "-n", name);
      for (CliRunner.Result r : List.of(created, imported)) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("Error: Profile '" + name + "' cannot be saved: names starting with "
            + "'from-env.' or 'managed-identity.' are kept for get-token --from-env and --managed-identity\n"
            + "Hint: Choose another name\n");
      }
    }
    assertThat(Files.readAllBytes(home.resolve("profiles.json"))).as("nothing written").isEqualTo(before);
  }

  @Test
  void clientSecretFromTheEnvironmentIsUsedNotStoredAndTheTokenIsCached() throws Exception {
    cli.env("AZURE_CLIENT_SECRET", secret);
    int before = fx.entra.tokenRequests();
    CliRunner.Result r = cli.run("get-token", "--from-env", "--scope", GRAPH, "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("eyJ");
    assertThat(fx.entra.lastTokenRequest()).containsEntry("client_id", client);
    CliRunner.Result again = cli.run("get-token", "--from-env", "--scope", GRAPH, "--silent");
    assertThat(again.out()).isEqualTo(r.out());
    assertThat(fx.entra.tokenRequests() - before).as("token requests for two calls").isEqualTo(1);

    assertThat(home.resolve("profiles.json")).doesNotExist();
    assertThat(cli.run("config", "list").out()).doesNotContain(client);
    for (Path f : Files.walk(home).filter(Files::isRegularFile).toList()) {
      boolean holdsSecret = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret);
      assertThat(holdsSecret).as("%s holds the secret", f).isFalse();
    }
    assertThat(r.err() + again.err()).doesNotContain(secret);

    // another app in the same variables is another cache entry
    String other = fx.registerSecretApp(secret);
    CliRunner.Result second = cli.env("AZURE_CLIENT_ID", other).run("get-token", "--from-env", "--scope", GRAPH,
        "--silent");
    assertThat(second.exitCode()).isZero();
    assertThat(fx.entra.lastTokenRequest()).containsEntry("client_id", other);
    assertThat(fx.entra.tokenRequests() - before).isEqualTo(2);
  }

  /** An app with a certificate credential, its .pfx in home/sp.pfx, AZURE_CLIENT_ID naming it: its client ID. */
  private String certificateApp(String password) throws Exception {
    String certClient = EntraFixture.newClientId();
    TestPki.Issued cert = fx.pki.client("env-" + certClient);
    fx.entra.registerApp(certClient).certificate(cert.certificate()).allow("https://graph.microsoft.com", "x");
    TestPki.writePkcs12(cert, home.resolve("sp.pfx"), password);
    cli.env("AZURE_CLIENT_ID", certClient);
    return certClient;
  }

  @Test
  void certificateWithItsPasswordFromTheEnvironment() throws Exception {
    String password = "pfx-" + UUID.randomUUID();
    String certClient = certificateApp(password);
    cli.env("AZURE_CLIENT_CERTIFICATE_PATH", home.resolve("sp.pfx").toString());
    CliRunner.Result noPassword = cli.run("get-token", "--from-env", "--scope", GRAPH);
    assertThat(noPassword.exitCode()).as(noPassword.toString()).isEqualTo(3);
    assertThat(noPassword.err()).contains("needs a password");
    CliRunner.Result r = cli.env("AZURE_CLIENT_CERTIFICATE_PASSWORD", password)
        .run("get-token", "--from-env", "--scope", GRAPH, "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.entra.lastTokenRequest()).containsEntry("client_id", certClient)
        .containsKey("client_assertion").doesNotContainKey("client_secret");
    assertThat(noPassword.err() + r.err()).doesNotContain(password);
  }

  @Test
  void federatedTokenFileFromTheEnvironment() throws Exception {
    Path file = Files.writeString(home.resolve("token"), fx.entra.externalIssuer("https://issuer.example.com/")
        .mint("ci", "api://AzureADTokenExchange", Duration.ofHours(1)));
    CliRunner.Result r = cli.env("AZURE_FEDERATED_TOKEN_FILE", file.toString())
        .run("get-token", "--from-env", "--scope", GRAPH, "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.entra.lastTokenRequest().get("client_assertion")).isEqualTo(Files.readString(file));
  }

  @Test
  void missingOrConflictingVariablesAreNamed() throws Exception {
    CliRunner.Result none = cli.env("AZURE_CLIENT_ID", null).run("get-token", "--from-env", "--scope", GRAPH);
    assertThat(none.exitCode()).isEqualTo(3);
    assertThat(none.err()).startsWith("Error: --from-env needs AZURE_CLIENT_ID and one of AZURE_CLIENT_SECRET, "
        + "AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE, which are not set\nHint: ");

    cli.env("AZURE_CLIENT_ID", client).env("AZURE_CLIENT_SECRET", secret)
        .env("AZURE_FEDERATED_TOKEN_FILE", home.resolve("token").toString());
    CliRunner.Result both = cli.run("get-token", "--from-env", "--scope", GRAPH);
    assertThat(both.exitCode()).isEqualTo(3);
    assertThat(both.err()).startsWith("Error: --from-env found AZURE_CLIENT_SECRET and AZURE_FEDERATED_TOKEN_FILE "
        + "set: it takes exactly one credential\n");

    cli.env("AZURE_FEDERATED_TOKEN_FILE", null).env("AZURE_TENANT_ID", "not a tenant");
    CliRunner.Result bad = cli.run("get-token", "--from-env", "--scope", GRAPH);
    assertThat(bad.exitCode()).isEqualTo(3);
    assertThat(bad.err()).startsWith("Error: AZURE_TENANT_ID is not valid: ");
    assertThat(none.err() + both.err() + bad.err()).doesNotContain(secret);
  }

  /** Asserts a failure whose hint names {@code variable} and no {@code config} command (nothing is saved to edit). */
  private static void hintNames(CliRunner.Result r, int exit, String error, String hint) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
    assertThat(r.err()).as(r.toString()).contains("Error: " + error).contains("\nHint: " + hint)
        .doesNotContain("config edit").doesNotContain("config show");
  }

  @Test
  void certificateHintsNameTheVariablesToFix() throws Exception {
    certificateApp("right-password");
    Path pfx = home.resolve("sp.pfx");

    hintNames(cli.env("AZURE_CLIENT_CERTIFICATE_PATH", home.resolve("gone.pfx").toString())
        .run("get-token", "--from-env", "--scope", GRAPH), 3, "Certificate file " + home.resolve("gone.pfx")
        + " does not exist", "Put the certificate back, or point AZURE_CLIENT_CERTIFICATE_PATH at it\n");
    cli.env("AZURE_CLIENT_CERTIFICATE_PATH", pfx.toString());
    hintNames(cli.run("get-token", "--from-env", "--scope", GRAPH), 3, "Certificate file " + pfx + " needs a "
        + "password, but AZURE_CLIENT_CERTIFICATE_PASSWORD is not set", "Set AZURE_CLIENT_CERTIFICATE_PASSWORD to "
        + "the certificate file's password\n");
    hintNames(cli.env("AZURE_CLIENT_CERTIFICATE_PASSWORD", "wrong-password").run("get-token", "--from-env",
        "--scope", GRAPH), 3, "Wrong password for certificate file " + pfx, "Set AZURE_CLIENT_CERTIFICATE_PASSWORD "
        + "to the certificate file's password\n");

    TestPki.Issued old = fx.pki.client("old-cert", Instant.now().minus(Duration.ofDays(60)),
        Instant.now().minus(Duration.ofDays(1)));
    Path expired = TestPki.writePkcs12(old, home.resolve("old.pfx"), "right-password");
    hintNames(cli.env("AZURE_CLIENT_CERTIFICATE_PATH", expired.toString())
        .env("AZURE_CLIENT_CERTIFICATE_PASSWORD", "right-password").run("get-token", "--from-env", "--scope", GRAPH),
        3, "Certificate ", "Create a new certificate, upload its public part (.cer) to the app registration, and "
        + "point AZURE_CLIENT_CERTIFICATE_PATH at it\n");

    Path stranger = TestPki.writePkcs12(fx.pki.client("stranger"), home.resolve("stranger.pfx"), "right-password");
    hintNames(cli.env("AZURE_CLIENT_CERTIFICATE_PATH", stranger.toString()).run("get-token", "--from-env",
        "--scope", GRAPH), 4, "AADSTS700027: ", "Upload the certificate's public part (.cer) to the app registration "
        + "(Certificates & secrets), or check the certificate AZURE_CLIENT_CERTIFICATE_PATH names\n");
  }

  @Test
  void secretAppTenantAndAuthorityHintsNameTheVariablesToFix() throws Exception {
    hintNames(cli.env("AZURE_CLIENT_SECRET", "not-the-secret").run("get-token", "--from-env", "--scope", GRAPH), 4,
        "AADSTS7000215: ", "The client secret is wrong or was rotated: create a new one in the Azure portal (App "
        + "registrations > Certificates & secrets) and set AZURE_CLIENT_SECRET to it\n");
    String expiring = EntraFixture.newClientId();
    fx.entra.registerApp(expiring).expiredSecret("old").allow("https://graph.microsoft.com", "x");
    hintNames(cli.env("AZURE_CLIENT_ID", expiring).env("AZURE_CLIENT_SECRET", "old").run("get-token", "--from-env",
        "--scope", GRAPH), 4, "AADSTS7000222: ", "The client secret expired: create a new one in the Azure portal "
        + "(App registrations > Certificates & secrets) and set AZURE_CLIENT_SECRET to it\n");
    hintNames(cli.env("AZURE_CLIENT_ID", EntraFixture.newClientId()).env("AZURE_CLIENT_SECRET", secret)
        .run("get-token", "--from-env", "--scope", GRAPH), 4, "AADSTS700016: ", "Check AZURE_CLIENT_ID and "
        + "AZURE_TENANT_ID: the app must be registered in that tenant, or consented to there\n");
    hintNames(cli.env("AZURE_CLIENT_ID", client).env("AZURE_TENANT_ID", "fabrikam.onmicrosoft.com")
        .run("get-token", "--from-env", "--scope", GRAPH), 4, "AADSTS90002: ", "Check AZURE_TENANT_ID and "
        + "AZURE_AUTHORITY_HOST\n");

    cli.env("AZURE_TENANT_ID", FakeEntra.TENANT_ID);
    try {
      fx.entra.failNext(FakeEntra.Fault.answer(403, "text/html", "<html><body>Hotel Wi-Fi</body></html>"));
      hintNames(cli.run("get-token", "--from-env", "--scope", GRAPH), 5, "The sign-in service at ",
          "Check AZURE_AUTHORITY_HOST and AZURE_TENANT_ID and the proxy settings (HTTPS_PROXY, NO_PROXY)\n");
      fx.entra.failNext(FakeEntra.Fault.token("no access_token", b -> b.remove("access_token")));
      hintNames(cli.run("get-token", "--from-env", "--scope", GRAPH, "--force"), 5, "The sign-in service at ",
          "Nothing was cached. Try again later; if it persists, check AZURE_AUTHORITY_HOST and AZURE_TENANT_ID and "
          + "whether a proxy rewrites the answers\n");
    } finally {
      fx.entra.clearFaults();
    }
  }

  @Test
  void federatedTokenFileHintNamesTheVariable() {
    hintNames(cli.env("AZURE_FEDERATED_TOKEN_FILE", home.resolve("no-token").toString()).run("get-token",
        "--from-env", "--scope", GRAPH), 3, "The federated token file " + home.resolve("no-token")
        + " does not exist", "Check that the token is projected or written there, or point "
        + "AZURE_FEDERATED_TOKEN_FILE at it\n");
  }

  @Test
  void usageMistakes() {
    cli.env("AZURE_CLIENT_SECRET", secret);
    CliRunner.Result noScope = cli.run("get-token", "--from-env");
    assertThat(noScope.exitCode()).isEqualTo(2);
    assertThat(noScope.err()).startsWith("Error: --from-env needs --scope\n");
    CliRunner.Result withProfile = cli.run("get-token", "-p", "x", "--from-env", "--scope", GRAPH);
    assertThat(withProfile.exitCode()).isEqualTo(2);
    assertThat(withProfile.err()).startsWith("Error: -p and --from-env exclude each other\n");
    CliRunner.Result stray = cli.run("get-token", "--mi-client-id", client, "--scope", GRAPH);
    assertThat(stray.exitCode()).isEqualTo(2);
    assertThat(stray.err()).startsWith("Error: --mi-client-id goes with --managed-identity\n");
  }
}
