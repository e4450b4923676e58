package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetTokenClientCredentialsTest {
  static EntraFixture fx;
  @TempDir static Path shared;
  @TempDir Path home;

  @BeforeAll
  static void start() {
    fx = new EntraFixture(shared);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void userGuideExampleWithASecret() {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("s3cret-value").allow("https://graph.microsoft.com", "User.Read.All");
    CliRunner cli = fx.cli(home);
    fx.createSecretProfile(cli, "graph-sp", client, "s3cret-value", "https://graph.microsoft.com/.default");
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "-f", "ClientCredentials");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("Authenticating with profile 'graph-sp'...\n✓ Token acquired successfully\n");
    assertThat(r.out()).matches("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");
    assertThat(fx.entra.tokenRequests()).isPositive();
  }
}
