package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** get-token with certificate credentials: .pfx with and without password, PEM, x5c, and each broken case. */
class GetTokenCertificateTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  private CliRunner.Result create(CliRunner cli, String name, String client, Path cert, String method,
      String password, String... extra) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("config", "create", "--name", name,
        "--tenant", FakeEntra.TENANT_ID, "--client-id", client, "--scopes", GRAPH, "--auth-method", method,
        "--certificate-path", cert.toString(), "--authority-host", fx.entra.authorityHost()));
    args.addAll(java.util.List.of(extra));
    if (password != null) {
      args.add("--secret-stdin");
      return cli.runWithStdin(password + "\n", args.toArray(String[]::new));
    }
    return cli.run(args.toArray(String[]::new));
  }

  private static JsonNode assertionHeader() throws Exception {
    String assertion = fx.entra.lastTokenRequest().get("client_assertion");
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(assertion.split("\\.")[0]));
  }

  @Test
  void pfxWithPasswordFromTheSecretStore() throws Exception {
    String client = EntraFixture.newClientId();
    TestPki.Issued cert = fx.pki.client("sp-" + client);
    fx.entra.registerApp(client).certificate(cert.certificate()).allow("https://graph.microsoft.com", "x");
    Path pfx = TestPki.writePkcs12(cert, home.resolve("sp.pfx"), "pfx-pass");
    CliRunner cli = fx.cli(home);
    CliRunner.Result created = create(cli, "cert-profile", client, pfx, "Certificate", "pfx-pass");
    assertThat(created.exitCode()).isZero();
    assertThat(created.err()).doesNotContain("Warning");
    CliRunner.Result r = cli.run("get-token", "-p", "cert-profile", "-f", "ClientCredentials");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("Authenticating with profile 'cert-profile'...\n✓ Token acquired successfully\n");
    assertThat(fx.entra.lastTokenRequest()).containsEntry("client_assertion_type",
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer").doesNotContainKey("client_secret");
    assertThat(assertionHeader().has("x5c")).isFalse();
    assertThat(r.err()).doesNotContain("pfx-pass");

    // a claims challenge (#18) rides on the certificate's request as on a secret's
    CliRunner.Result stepUp = cli.run("get-token", "-p", "cert-profile", "--claims", ClaimsChallengeTest.STEP_UP,
        "--silent");
    assertThat(stepUp.exitCode()).as(stepUp.toString()).isZero();
    assertThat(fx.entra.lastTokenRequest()).containsKey("client_assertion").containsKey("claims");
    assertThat(ClaimsChallengeTest.claims(stepUp.out()).path("acrs").toString()).isEqualTo("[\"c1\"]");
  }

  @Test
  void passwordlessPfxWithX5cForSubjectNameIssuerAuth() throws Exception {
    String client = EntraFixture.newClientId();
    TestPki.Issued cert = fx.pki.client("sni-" + client);
    fx.entra.registerApp(client).certificate(cert.certificate()).allow("https://graph.microsoft.com", "x");
    Path pfx = TestPki.writePkcs12(cert, home.resolve("nopass.pfx"), "");
    CliRunner cli = fx.cli(home);
    assertThat(create(cli, "sni", client, pfx, "PasswordlessCertificate", null, "--send-x5c").exitCode()).isZero();
    CliRunner.Result r = cli.run("get-token", "-p", "sni", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode header = assertionHeader();
    assertThat(header.path("x5c").isArray()).isTrue();
    assertThat(header.path("x5c").get(0).asText())
        .isEqualTo(Base64.getEncoder().encodeToString(cert.certificate().getEncoded()));
  }

  @Test
  void pemCertificateWithPkcs8Key() throws Exception {
    String client = EntraFixture.newClientId();
    TestPki.Issued cert = fx.pki.client("pem-" + client);
    fx.entra.registerApp(client).certificate(cert.certificate()).allow("https://graph.microsoft.com", "x");
    Path pem = TestPki.writePem(cert, home.resolve("sp.pem"));
    CliRunner cli = fx.cli(home);
    assertThat(create(cli, "pem", client, pem, "PasswordlessCertificate", null).exitCode()).isZero();
    CliRunner.Result r = cli.run("get-token", "-p", "pem", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void certificateNotUploadedIsRejectedWith700027() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).certificate(fx.pki.client("registered").certificate())
        .allow("https://graph.microsoft.com", "x");
    Path pfx = TestPki.writePkcs12(fx.pki.client("other"), home.resolve("other.pfx"), "");
    CliRunner cli = fx.cli(home);
    create(cli, "wrong-cert", client, pfx, "PasswordlessCertificate", null);
    CliRunner.Result r = cli.run("get-token", "-p", "wrong-cert");
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("Error: AADSTS700027: Client assertion contains an invalid signature.")
        .contains("Hint: Upload the certificate's public part (.cer) to the app registration");
  }

  @Test
  void wrongPasswordMissingFileExpiredAndKeylessEachSayWhat() throws Exception {
    String client = EntraFixture.newClientId();
    TestPki.Issued cert = fx.pki.client("c");
    CliRunner cli = fx.cli(home);

    Path pfx = TestPki.writePkcs12(cert, home.resolve("locked.pfx"), "right");
    CliRunner.Result created = create(cli, "wrong-pass", client, pfx, "Certificate", "wrong");
    assertThat(created.exitCode()).as("saved, with a warning: the file may be fixed later").isZero();
    assertThat(created.err()).contains("Warning: Wrong password for certificate file " + pfx + "\n")
        .doesNotContain("right");
    CliRunner.Result wrong = cli.run("get-token", "-p", "wrong-pass");
    assertThat(wrong.exitCode()).isEqualTo(3);
    assertThat(wrong.err()).contains("Error: Wrong password for certificate file " + pfx)
        .contains("(choose: Certificate password)").doesNotContain("right");

    Path gone = TestPki.writePkcs12(cert, home.resolve("gone.pfx"), "");
    create(cli, "gone", client, gone, "PasswordlessCertificate", null);
    Files.delete(gone);
    CliRunner.Result missing = cli.run("get-token", "-p", "gone");
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.err()).contains("Error: Certificate file " + gone + " does not exist");

    TestPki.Issued old = fx.pki.client("old", Instant.now().minus(Duration.ofDays(30)),
        Instant.now().minus(Duration.ofDays(1)));
    Path expired = TestPki.writePkcs12(old, home.resolve("expired.pfx"), "");
    create(cli, "expired", client, expired, "PasswordlessCertificate", null);
    CliRunner.Result exp = cli.run("get-token", "-p", "expired");
    assertThat(exp.exitCode()).isEqualTo(3);
    assertThat(exp.err()).contains("Error: Certificate CN=old in " + expired + " expired on ");

    Path keyless = TestPki.writePkcs12WithoutKey(cert, home.resolve("keyless.pfx"), "");
    create(cli, "keyless", client, keyless, "PasswordlessCertificate", null);
    CliRunner.Result noKey = cli.run("get-token", "-p", "keyless");
    assertThat(noKey.exitCode()).isEqualTo(3);
    assertThat(noKey.err()).contains("Error: Certificate file " + keyless + " has no private key");

    Path ec = TestPki.writePem(fx.pki.ecClient("ec"), home.resolve("ec.pem"));
    create(cli, "ec", client, ec, "PasswordlessCertificate", null);
    CliRunner.Result ecResult = cli.run("get-token", "-p", "ec");
    assertThat(ecResult.exitCode()).isEqualTo(3);
    assertThat(ecResult.err()).contains("has an EC key, but MSAL4J signs client assertions with RSA keys only");
  }

  @Test
  void switchingASecretProfileToACertificateInteractively() throws Exception {
    String client = EntraFixture.newClientId();
    TestPki.Issued cert = fx.pki.client("switch-" + client);
    fx.entra.registerApp(client).secret("old-secret").certificate(cert.certificate())
        .allow("https://graph.microsoft.com", "x");
    Path pfx = TestPki.writePkcs12(cert, home.resolve("switch.pfx"), "switch-pass");
    CliRunner cli = fx.cli(home);
    fx.createSecretProfile(cli, "switch", client, "old-secret", GRAPH);
    CliRunner.Result edit = cli.runInteractive("Auth method\nCertificate\n" + pfx + "\nswitch-pass\n", "config",
        "edit", "-p", "switch");
    assertThat(edit.exitCode()).as(edit.toString()).isZero();
    assertThat(edit.err()).contains("Certificate file (.pfx, .p12 or .pem): ")
        .contains("Certificate password (input hidden): ").contains("✓ Profile 'switch' updated")
        .doesNotContain("Warning").doesNotContain("switch-pass");
    CliRunner.Result r = cli.run("get-token", "-p", "switch", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.entra.lastTokenRequest()).containsKey("client_assertion").doesNotContainKey("client_secret");
  }
}
