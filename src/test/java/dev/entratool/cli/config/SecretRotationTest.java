package dev.entratool.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.KeyringTestSupport;
import dev.entratool.testing.MemoryRuntimeDir;
import dev.entratool.testing.TestPki;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A new client secret or certificate password drops the profile's cached tokens in every tier (the encrypted cache
 * file, the runtime-directory entry and the Secret Service entry the start-up fast path answers from), so the next
 * get-token asks the authority with the new credential: a wrong one shows at once, not an hour later.
 */
class SecretRotationTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  /** Where a cache hit is answered from. */
  enum Tier {
    /** The encrypted cache file, by the full path (no runtime directory, the file secret store). */
    CACHE_FILE,
    /** The session's runtime directory, by the fast path. */
    RUNTIME_DIR,
    /** The Secret Service, by the fast path. */
    KEYRING
  }

  private static void expectOk(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  /** get-token, and how many token requests it made. */
  private static int requestsOf(CliRunner cli, String profile, int expectedExit) {
    int before = fx.entra.tokenRequests();
    CliRunner.Result r = cli.run("get-token", "-p", profile, "--silent");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(expectedExit);
    return fx.entra.tokenRequests() - before;
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void aNewClientSecretDropsTheCachedTokens(Tier tier) throws Exception {
    if (tier == Tier.KEYRING) {
      KeyringTestSupport.assumeKeyring();
    }
    String name = "rotate-" + UUID.randomUUID().toString().substring(0, 8); // the keyring is shared by the run
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("right-secret").allow("https://graph.microsoft.com", "x");
    try (MemoryRuntimeDir runtime = tier == Tier.RUNTIME_DIR ? new MemoryRuntimeDir() : null) {
      CliRunner cli = fx.cli(home).env("ENTRATOOL_SECRET_STORE", tier == Tier.KEYRING ? "keyring" : "file")
          .env("XDG_RUNTIME_DIR", runtime == null ? null : runtime.path.toString());
      fx.createSecretProfile(cli, name, client, "right-secret", GRAPH);
      try {
        assertThat(requestsOf(cli, name, 0)).as("first get-token").isEqualTo(1);
        assertThat(requestsOf(cli, name, 0)).as("a cache hit").isZero();

        // a mistyped rotation is seen by the very next get-token: AADSTS7000215, not a cached token
        expectOk(cli.runWithStdin("wrong-secret\n", "config", "edit", "-p", name, "--secret-stdin"));
        assertThat(requestsOf(cli, name, 4)).as("after storing a wrong secret").isEqualTo(1);

        // typed again at the prompt, as the README's troubleshooting says
        expectOk(cli.runInteractive("Client Secret\nright-secret\n", "config", "edit", "-p", name));
        assertThat(requestsOf(cli, name, 0)).as("after storing the right secret").isEqualTo(1);
        assertThat(requestsOf(cli, name, 0)).as("a cache hit again").isZero();
      } finally {
        expectOk(cli.run("config", "delete", "-p", name, "--yes"));
      }
    }
  }

  @Test
  void aNewCertificatePasswordDropsTheCachedTokens() throws Exception {
    String client = EntraFixture.newClientId();
    TestPki.Issued cert = fx.pki.client("rotate-" + client);
    fx.entra.registerApp(client).certificate(cert.certificate()).allow("https://graph.microsoft.com", "x");
    Path pfx = TestPki.writePkcs12(cert, home.resolve("sp.pfx"), "old-pass");
    try (MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      CliRunner cli = fx.cli(home.resolve("home")).env("XDG_RUNTIME_DIR", runtime.path.toString());
      expectOk(cli.runWithStdin("old-pass\n", "config", "create", "--name", "cert", "--tenant", FakeEntra.TENANT_ID,
          "--client-id", client, "--scopes", GRAPH, "--auth-method", "Certificate", "--certificate-path",
          pfx.toString(), "--authority-host", fx.entra.authorityHost(), "--secret-stdin"));
      assertThat(requestsOf(cli, "cert", 0)).isEqualTo(1);
      assertThat(requestsOf(cli, "cert", 0)).as("a cache hit").isZero();

      // the .pfx is exported again under a new password, and the profile told
      TestPki.writePkcs12(cert, pfx, "new-pass");
      expectOk(cli.runInteractive("Certificate password\nnew-pass\n", "config", "edit", "-p", "cert"));
      assertThat(requestsOf(cli, "cert", 0)).as("after storing the new password").isEqualTo(1);
    }
  }
}
