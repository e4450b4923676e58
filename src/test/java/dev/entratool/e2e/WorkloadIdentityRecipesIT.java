package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.ExternalIssuer;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's recipes for signing in without a stored secret, run through the packaged bin/entratool with the
 * variables each platform sets (the only addition: --authority-host, the emulator's).
 */
class WorkloadIdentityRecipesIT {
  static final String EXCHANGE = "api://AzureADTokenExchange";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  private Launcher launcher() {
    return fx.launcher(home);
  }

  private static void ok(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void aksWorkloadIdentityPod() throws Exception {
    String issuerUrl = "https://oidc.prod-aks.azure.com/" + FakeEntra.TENANT_ID + "/";
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).allow("https://graph.microsoft.com", "User.Read.All")
        .federated(issuerUrl, "system:serviceaccount:payments:api", EXCHANGE);
    ExternalIssuer cluster = fx.entra.externalIssuer(issuerUrl);
    Path file = Files.writeString(home.resolve("azure-identity-token"),
        cluster.mint("system:serviceaccount:payments:api", EXCHANGE, Duration.ofHours(1)));
    // what the workload identity webhook sets in the pod
    Launcher pod = launcher().env("AZURE_FEDERATED_TOKEN_FILE", file.toString()).env("AZURE_CLIENT_ID", client)
        .env("AZURE_TENANT_ID", FakeEntra.TENANT_ID);
    ok(pod.run(null, "config", "create", "--name", "wi", "--tenant", FakeEntra.TENANT_ID, "--client-id", client,
        "--auth-method", "FederatedToken", "--scopes", "https://graph.microsoft.com/.default", "--authority-host",
        fx.entra.authorityHost()));
    CliRunner.Result r = pod.run(null, "get-token", "-p", "wi", "--silent");
    ok(r);
    assertThat(r.out()).startsWith("eyJ").doesNotContain(Files.readString(file));

    String rotated = cluster.mint("system:serviceaccount:payments:api", EXCHANGE, Duration.ofHours(2));
    Files.writeString(file, rotated);
    ok(pod.run(null, "get-token", "-p", "wi", "--silent", "--force"));
    assertThat(fx.entra.lastTokenRequest().get("client_assertion")).isEqualTo(rotated);
  }

  @Test
  void gitHubActionsStep() throws Exception {
    String subject = "repo:contoso/payments:ref:refs/heads/main";
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).allow("https://graph.microsoft.com", "User.Read.All")
        .federated("https://token.actions.githubusercontent.com", subject, EXCHANGE);
    String url = fx.entra.gitHubActionsJob(fx.entra.externalIssuer("https://token.actions.githubusercontent.com"),
        "runner-token", subject);
    Launcher job = launcher().env("ACTIONS_ID_TOKEN_REQUEST_URL", url)
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "runner-token");
    ok(job.run(null, "config", "create", "--name", "gh", "--tenant", FakeEntra.TENANT_DOMAIN, "--client-id", client,
        "--auth-method", "GitHubActions", "--scopes", "https://graph.microsoft.com/.default", "--authority-host",
        fx.entra.authorityHost()));
    CliRunner.Result r = job.run(null, "get-token", "-p", "gh", "--silent");
    ok(r);
    assertThat(r.out()).startsWith("eyJ");
  }

  @Test
  void azurePipelinesStep() throws Exception {
    String connection = "1b0a4c3e-5d6f-4a7b-8c9d-0e1f2a3b4c5d";
    String issuerUrl = "https://vstoken.dev.azure.com/7f2ac6c6-08b1-4a52-a2c4-4c4f6b4a1e2f";
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).allow("https://management.azure.com", "Reader")
        .federated(issuerUrl, "sc://contoso/payments/deploy", EXCHANGE);
    String url = fx.entra.azurePipelinesJob(fx.entra.externalIssuer(issuerUrl), "job-token",
        Map.of(connection, "sc://contoso/payments/deploy"));
    Launcher step = launcher().env("SYSTEM_OIDCREQUESTURI", url).env("SYSTEM_ACCESSTOKEN", "job-token");
    ok(step.run(null, "config", "create", "--name", "ado", "--tenant", FakeEntra.TENANT_DOMAIN, "--client-id",
        client, "--auth-method", "AzurePipelines", "--service-connection-id", connection, "--scopes",
        "https://management.azure.com/.default", "--authority-host", fx.entra.authorityHost()));
    Path out = home.resolve("arm.token");
    ok(step.run(null, "get-token", "-p", "ado", "-o", out.toString()));
    assertThat(Files.readString(out)).startsWith("eyJ");
  }
}
