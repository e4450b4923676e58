package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.KeyringTestSupport;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user guide's Client Credentials example with the secret and the cache key in the real Secret Service. */
class GetTokenWithKeyringTest {
  @TempDir Path home;

  @Test
  void clientCredentialsWithTheSecretInTheKeyring() throws Exception {
    KeyringTestSupport.assumeKeyring();
    String name = "graph-sp-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = "kr-" + UUID.randomUUID();
    try (EntraFixture fx = new EntraFixture(home)) {
      String client = fx.registerSecretApp(secret);
      CliRunner cli = fx.cli(home.resolve("home")).env("ENTRATOOL_SECRET_STORE", "keyring");
      CliRunner.Result created = cli.runWithStdin(secret + "\n", "config", "create", "--name", name, "--tenant",
          FakeEntra.TENANT_DOMAIN, "--client-id", client, "--authority-host", fx.entra.authorityHost(),
          "--secret-stdin");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      try {
        CliRunner.Result r = cli.run("get-token", "-p", name, "-f", "ClientCredentials");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEqualTo("Authenticating with profile '" + name + "'...\n"
            + "✓ Token acquired successfully\n");
        assertThat(KeyringTestSupport.secretToolLookup(name + ":client-secret")).isEqualTo(secret);
        assertThat(KeyringTestSupport.secretToolLookup(name + ":cache-key")).as("the cache key").isNotBlank();
        int requests = fx.entra.tokenRequests();
        assertThat(cli.run("get-token", "-p", name, "--silent").out()).isEqualTo(r.out());
        assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
      } finally {
        assertThat(cli.run("config", "delete", "-p", name, "--yes").exitCode()).isZero();
      }
      assertThat(KeyringTestSupport.secretToolLookup(name + ":cache-key")).isNull();
    }
  }
}
