package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The packaged bin/entratool against the HTTPS emulator, trusting its CA through JAVA_OPTS, as a script runs it. */
class GetTokenIT {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  static String client;
  static String javaOpts;
  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("automation-secret").allow("https://graph.microsoft.com", "User.Read.All");
    Path trust = fx.pki.writeTrustStore(fx.dir().resolve("trust.p12"), "changeit");
    javaOpts = "-Djavax.net.ssl.trustStore=" + trust + " -Djavax.net.ssl.trustStorePassword=changeit "
        + "-Djavax.net.ssl.trustStoreType=PKCS12";
  }

  private Launcher launcher() {
    return new Launcher(home).env("JAVA_OPTS", javaOpts);
  }

  private void createProfile(String name, String secret) throws Exception {
    CliRunner.Result r = launcher().run(secret + "\n", "config", "create", "--name", name, "--tenant",
        FakeEntra.TENANT_DOMAIN, "--client-id", client, "--scopes", "https://graph.microsoft.com/.default",
        "--authority-host", fx.entra.authorityHost(), "--secret-stdin");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void scriptAutomationPattern() throws Exception {
    createProfile("automation", "automation-secret");
    CliRunner.Result silent = launcher().run(null, "get-token", "-p", "automation", "--silent");
    assertThat(silent.exitCode()).as(silent.toString()).isZero();
    assertThat(silent.err()).isEmpty();
    assertThat(silent.out()).matches("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");

    int requests = fx.entra.tokenRequests();
    CliRunner.Result plain = launcher().run(null, "get-token", "-p", "automation");
    assertThat(plain.exitCode()).isZero();
    assertThat(plain.err()).isEqualTo("Authenticating with profile 'automation'...\n✓ Token acquired successfully\n");
    assertThat(plain.out()).isEqualTo(silent.out());
    assertThat(fx.entra.tokenRequests()).as("second run answered from the encrypted cache").isEqualTo(requests);

    Path file = home.resolve("token.txt");
    CliRunner.Result saved = launcher().run(null, "get-token", "-p", "automation", "-o", file.toString());
    assertThat(saved.exitCode()).isZero();
    assertThat(saved.out()).isEmpty();
    assertThat(saved.err()).endsWith("✓ Token saved to " + file + "\n");
    assertThat(Files.readString(file)).isEqualTo(silent.out());
    assertThat(launcher().run(null, "discover", "-f", file.toString()).exitCode()).isZero();
  }

  @Test
  void rejectedSecretExits4WithErrorAndHintOnly() throws Exception {
    createProfile("bad", "wrong-secret");
    CliRunner.Result r = launcher().run(null, "get-token", "-p", "bad", "--silent");
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: AADSTS7000215: Invalid client secret provided.\n"
        + "Hint: The client secret is wrong or was rotated: create a new one in the Azure portal (App registrations "
        + "> Certificates & secrets), then store it: entratool config edit -p bad (choose: Client Secret)\n");
  }

  @Test
  void aCaBundleThatDoesNotVouchForTheServerLeavesItToTheSystemTrustStore() throws Exception {
    createProfile("bundle", "automation-secret");
    Path otherCa = new TestPki().writeCaBundle(home.resolve("other-ca.pem"));
    CliRunner.Result r = launcher().env("ENTRATOOL_CA_BUNDLE", otherCa.toString())
        .run(null, "get-token", "-p", "bundle", "--silent", "--force");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("eyJ");

    // neither trusts it: the handshake fails
    CliRunner.Result neither = new Launcher(home).env("ENTRATOOL_CA_BUNDLE", otherCa.toString())
        .run(null, "get-token", "-p", "bundle", "--silent", "--force");
    assertThat(neither.exitCode()).isEqualTo(5);
  }

  @Test
  void withoutTheTrustStoreTlsFailsWithExit5() throws Exception {
    createProfile("untrusted", "automation-secret");
    CliRunner.Result r = new Launcher(home).run(null, "get-token", "-p", "untrusted", "--silent");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Error: TLS handshake with 127.0.0.1:" + fx.entra.port() + " failed");
  }
}
