package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.ExternalIssuer;
import dev.entratool.testing.FakeEntra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workload identity federation: FederatedToken (a token file), GitHubActions and AzurePipelines (a CI job's OIDC
 * token) against the emulator's federated credentials, external issuers and CI token services.
 */
class GetTokenFederatedTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GRAPH = "https://graph.microsoft.com/.default";
  static final String EXCHANGE = "api://AzureADTokenExchange";
  static final String K8S = "https://oidc.prod-aks.azure.com/" + FakeEntra.TENANT_ID + "/";
  static final String K8S_SUBJECT = "system:serviceaccount:payments:api";
  static final String GITHUB = "https://token.actions.githubusercontent.com";
  static final String GITHUB_SUBJECT = "repo:contoso/payments:ref:refs/heads/main";
  static final String AZDO = "https://vstoken.dev.azure.com/7f2ac6c6-08b1-4a52-a2c4-4c4f6b4a1e2f";
  static final String CONNECTION = "1b0a4c3e-5d6f-4a7b-8c9d-0e1f2a3b4c5d";
  static final String AZDO_SUBJECT = "sc://contoso/payments/deploy";

  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner cli;
  String client;
  ExternalIssuer cluster;
  Path tokenFile;

  @BeforeEach
  void app() throws Exception {
    client = EntraFixture.newClientId();
    fx.entra.registerApp(client).allow("https://graph.microsoft.com", "User.Read.All")
        .federated(K8S, K8S_SUBJECT, EXCHANGE).federated(GITHUB, GITHUB_SUBJECT, EXCHANGE)
        .federated(AZDO, AZDO_SUBJECT, EXCHANGE);
    cluster = fx.entra.externalIssuer(K8S);
    cli = fx.cli(home);
    tokenFile = home.resolve("azure-identity-token");
    Files.writeString(tokenFile, cluster.mint(K8S_SUBJECT, EXCHANGE, Duration.ofHours(1)) + "\n");
  }

  private void create(String name, String method, String... more) {
    List<String> args = new ArrayList<>(List.of("config", "create", "--name", name, "--tenant",
        FakeEntra.TENANT_DOMAIN, "--client-id", client, "--scopes", GRAPH, "--auth-method", method,
        "--authority-host", fx.entra.authorityHost()));
    args.addAll(List.of(more));
    CliRunner.Result r = cli.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  static JsonNode claims(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.trim().split("\\.")[1]));
  }

  private void assertFederatedRequest(String assertion) {
    Map<String, String> form = fx.entra.lastTokenRequest();
    assertThat(form).containsEntry("grant_type", "client_credentials")
        .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .containsEntry("client_id", client).doesNotContainKey("client_secret");
    if (assertion != null) {
      assertThat(form.get("client_assertion")).as("the assertion sent").isEqualTo(assertion);
    }
  }

  @Test
  void tokenFileSignsInAndTheTokenIsCached() throws Exception {
    create("wi", "FederatedToken", "--federated-token-file", tokenFile.toString());
    int before = fx.entra.tokenRequests();
    CliRunner.Result r = cli.run("get-token", "-p", "wi");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).startsWith("Authenticating with profile 'wi'...\n").endsWith("✓ Token acquired successfully\n");
    assertThat(claims(r.out()).path("appid").asText()).isEqualTo(client);
    assertFederatedRequest(Files.readString(tokenFile).strip());
    assertThat(r.out() + r.err()).doesNotContain(Files.readString(tokenFile).strip());

    CliRunner.Result again = cli.run("get-token", "-p", "wi", "--json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(JSON.readTree(again.out()).path("accessToken").asText()).isEqualTo(r.out().strip());
    assertThat(fx.entra.tokenRequests() - before).as("token requests").isEqualTo(1);
  }

  @Test
  void theTokenFileIsReadAgainForEveryRequest() throws Exception {
    create("wi", "FederatedToken", "--federated-token-file", tokenFile.toString());
    assertThat(cli.run("get-token", "-p", "wi", "--silent").exitCode()).isZero();
    String first = fx.entra.lastTokenRequest().get("client_assertion");

    String rotated = cluster.mint(K8S_SUBJECT, EXCHANGE, Duration.ofHours(2));
    Files.writeString(tokenFile, rotated + "\n");
    Path out = home.resolve("token.txt");
    CliRunner.Result r = cli.run("get-token", "-p", "wi", "--force", "-o", out.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(rotated).isNotEqualTo(first);
    assertFederatedRequest(rotated);
    assertThat(Files.readString(out)).startsWith("eyJ");
  }

  @Test
  void theFileComesFromAzureFederatedTokenFileWhenTheProfileNamesNone() throws Exception {
    create("wi", "FederatedToken");
    assertThat(cli.run("config", "show", "-p", "wi", "--json").out()).doesNotContain("federatedTokenFile");
    CliRunner.Result unset = cli.run("get-token", "-p", "wi");
    assertThat(unset.exitCode()).as(unset.toString()).isEqualTo(3);
    assertThat(unset.err()).contains("Error: Profile 'wi' reads its federated token from the file "
        + "$AZURE_FEDERATED_TOKEN_FILE names, but AZURE_FEDERATED_TOKEN_FILE is not set\n")
        .contains("Hint: ").contains("--federated-token-file FILE");

    cli.env("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
    CliRunner.Result r = cli.run("get-token", "-p", "wi", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertFederatedRequest(Files.readString(tokenFile).strip());
  }

  @Test
  void aMissingOrEmptyTokenFileIsAProfileError() throws Exception {
    Path gone = home.resolve("no-such-token");
    create("wi", "FederatedToken", "--federated-token-file", gone.toString());
    int before = fx.entra.tokenRequests();
    CliRunner.Result r = cli.run("get-token", "-p", "wi");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("Error: The federated token file " + gone + " does not exist\nHint: ");
    Files.writeString(gone, "\n");
    CliRunner.Result empty = cli.run("get-token", "-p", "wi");
    assertThat(empty.exitCode()).isEqualTo(3);
    assertThat(empty.err()).contains("Error: The federated token file " + gone + " holds no token (it is empty)");
    assertThat(fx.entra.tokenRequests()).isEqualTo(before);
  }

  @Test
  void eachRejectionSaysWhatToFixInTheFederatedCredential() throws Exception {
    create("wi", "FederatedToken", "--federated-token-file", tokenFile.toString());

    Files.writeString(tokenFile, cluster.mint("system:serviceaccount:payments:other", EXCHANGE, Duration.ofHours(1)));
    CliRunner.Result subject = cli.run("get-token", "-p", "wi");
    assertThat(subject.exitCode()).as(subject.toString()).isEqualTo(4);
    assertThat(subject.err()).contains("Error: AADSTS70021: No matching federated identity record found for "
        + "presented assertion. Assertion Issuer: '" + K8S + "'. Assertion Subject: "
        + "'system:serviceaccount:payments:other'. Assertion Audience: '" + EXCHANGE + "'.")
        .contains("Hint: No federated credential of the app matches this token");

    Files.writeString(tokenFile, cluster.mint(K8S_SUBJECT, "api://other", Duration.ofHours(1)));
    assertThat(cli.run("get-token", "-p", "wi").err()).contains("AADSTS70021").contains("audience");

    Files.writeString(tokenFile, cluster.mint(K8S_SUBJECT, EXCHANGE, Duration.ofMinutes(-5)));
    CliRunner.Result expired = cli.run("get-token", "-p", "wi");
    assertThat(expired.exitCode()).isEqualTo(4);
    assertThat(expired.err()).contains("Error: AADSTS700024: Client assertion is not within its valid time range.")
        .contains("Hint: The federated token has expired");

    ExternalIssuer stranger = fx.entra.externalIssuer("https://issuer.example.org/");
    Files.writeString(tokenFile, stranger.mint(K8S_SUBJECT, EXCHANGE, Duration.ofHours(1)));
    CliRunner.Result issuer = cli.run("get-token", "-p", "wi");
    assertThat(issuer.exitCode()).isEqualTo(4);
    assertThat(issuer.err()).contains("Error: AADSTS700211: No matching federated identity record found for "
        + "presented assertion issuer 'https://issuer.example.org/'.")
        .contains("Hint: The app has no federated credential for this token's issuer");

    Files.writeString(tokenFile, cluster.forge(K8S_SUBJECT, EXCHANGE, Duration.ofHours(1)));
    CliRunner.Result forged = cli.run("get-token", "-p", "wi");
    assertThat(forged.exitCode()).isEqualTo(4);
    assertThat(forged.err()).contains("Error: AADSTS50013: Assertion failed signature validation.");
    for (CliRunner.Result r : List.of(subject, expired, issuer, forged)) {
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).doesNotContain("eyJ").doesNotContain("Exception");
    }
  }

  @Test
  void gitHubActionsAsksGitHubForTheJobsIdToken() throws Exception {
    String url = fx.entra.gitHubActionsJob(fx.entra.externalIssuer(GITHUB), "gh-request-token", GITHUB_SUBJECT);
    create("gh", "GitHubActions");
    cli.env("ACTIONS_ID_TOKEN_REQUEST_URL", url).env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "gh-request-token");
    int asked = fx.entra.count("github");
    CliRunner.Result r = cli.run("get-token", "-p", "gh", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(claims(r.out()).path("appid").asText()).isEqualTo(client);
    assertFederatedRequest(null);
    JsonNode sent = claims(fx.entra.lastTokenRequest().get("client_assertion"));
    assertThat(sent.path("iss").asText()).isEqualTo(GITHUB);
    assertThat(sent.path("aud").asText()).isEqualTo(EXCHANGE);
    assertThat(fx.entra.count("github") - asked).isEqualTo(1);
    assertThat(r.err()).doesNotContain("gh-request-token");

    cli.env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "stale-token");
    CliRunner.Result refused = cli.run("get-token", "-p", "gh", "--force");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).startsWith("Authenticating with profile 'gh'...\nError: GitHub's ID-token service at 127.0.0.1:" + fx.entra.port()
        + " refused the job's token (HTTP 401)\nHint: ").doesNotContain("stale-token");
  }

  @Test
  void gitHubActionsWithoutItsVariablesNamesTheWorkflowPermission() {
    create("gh", "GitHubActions");
    int before = fx.entra.tokenRequests();
    CliRunner.Result r = cli.run("get-token", "-p", "gh");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("Authenticating with profile 'gh'...\nError: Profile 'gh' signs in with GitHub Actions' OIDC token, but "
        + "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set\n"
        + "Hint: Run it in a GitHub Actions job whose workflow (or job) has 'permissions: id-token: write'; GitHub "
        + "sets these variables only then\n");
    cli.env("ACTIONS_ID_TOKEN_REQUEST_URL", "https://127.0.0.1:1/idtoken");
    assertThat(cli.run("get-token", "-p", "gh").err())
        .contains("but ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set\n");
    assertThat(fx.entra.tokenRequests()).isEqualTo(before);
  }

  @Test
  void azurePipelinesAsksAzureDevOpsForTheServiceConnectionsToken() throws Exception {
    String url = fx.entra.azurePipelinesJob(fx.entra.externalIssuer(AZDO), "azdo-job-token",
        Map.of(CONNECTION, AZDO_SUBJECT));
    create("ado", "AzurePipelines", "--service-connection-id", CONNECTION);
    assertThat(cli.run("config", "show", "-p", "ado", "--json").out())
        .contains("\"serviceConnectionId\": \"" + CONNECTION + "\"");
    cli.env("SYSTEM_OIDCREQUESTURI", url).env("SYSTEM_ACCESSTOKEN", "azdo-job-token");
    CliRunner.Result r = cli.run("get-token", "-p", "ado", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertFederatedRequest(null);
    assertThat(claims(fx.entra.lastTokenRequest().get("client_assertion")).path("sub").asText())
        .isEqualTo(AZDO_SUBJECT);

    // the connection may also come from the variable the AzureCLI@2 task sets
    create("ado-env", "AzurePipelines");
    CliRunner.Result none = cli.run("get-token", "-p", "ado-env");
    assertThat(none.exitCode()).isEqualTo(3);
    assertThat(none.err()).startsWith("Authenticating with profile 'ado-env'...\nError: Profile 'ado-env' names no service connection, and "
        + "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID is not set\n");
    cli.env("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", CONNECTION);
    assertThat(cli.run("get-token", "-p", "ado-env", "--silent").exitCode()).isZero();

    cli.env("SYSTEM_ACCESSTOKEN", null);
    CliRunner.Result missing = cli.run("get-token", "-p", "ado-env", "--force");
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.err()).contains("but SYSTEM_ACCESSTOKEN is not set\n")
        .contains("env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"FederatedToken", "GitHubActions", "AzurePipelines"})
  void parallelRunsOnAnEmptyCacheMakeOneTokenRequest(String method) throws Exception {
    switch (method) {
      case "FederatedToken" -> create("wi", method, "--federated-token-file", tokenFile.toString());
      case "GitHubActions" -> {
        create("wi", method);
        cli.env("ACTIONS_ID_TOKEN_REQUEST_URL", fx.entra.gitHubActionsJob(fx.entra.externalIssuer(GITHUB), "rt",
            GITHUB_SUBJECT)).env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "rt");
      }
      default -> {
        create("wi", method, "--service-connection-id", CONNECTION);
        cli.env("SYSTEM_OIDCREQUESTURI", fx.entra.azurePipelinesJob(fx.entra.externalIssuer(AZDO), "jt",
            Map.of(CONNECTION, AZDO_SUBJECT))).env("SYSTEM_ACCESSTOKEN", "jt");
      }
    }
    fx.entra.failNext(FakeEntra.Fault.delay(Duration.ofMillis(700)));
    int before = fx.entra.tokenRequests();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<CliRunner.Result>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(pool.submit(() -> cli.run("get-token", "-p", "wi", "--silent")));
    }
    Set<String> tokens = new HashSet<>();
    for (Future<CliRunner.Result> f : runs) {
      assertThat(f.get().exitCode()).as(f.get().toString()).isZero();
      tokens.add(f.get().out());
    }
    pool.shutdown();
    assertThat(fx.entra.tokenRequests() - before).as("token requests").isEqualTo(1);
    assertThat(tokens).hasSize(1);
  }

  @Test
  void profilesWithoutStoredSecretsTravelThroughExportAndImport(@TempDir Path other) throws Exception {
    create("wi", "FederatedToken", "--federated-token-file", tokenFile.toString());
    create("ado", "AzurePipelines", "--service-connection-id", CONNECTION);
    assertThat(cli.run("config", "create", "--name", "vm", "--mi-resource-id", "/subscriptions/s/resourceGroups/rg/"
        + "providers/Microsoft.ManagedIdentity/userAssignedIdentities/id", "--scopes", GRAPH).exitCode()).isZero();
    assertThat(cli.run("config", "create", "--name", "az", "--auth-method", "AzureCli").exitCode()).isZero();
    Path bundle = home.resolve("all.json");
    cli.env("ENTRATOOL_EXPORT_PASSPHRASE", "correct horse battery staple");
    CliRunner.Result exported = cli.run("config", "export", "--all", "-o", bundle.toString());
    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    CliRunner target = fx.cli(other).env("ENTRATOOL_EXPORT_PASSPHRASE", "correct horse battery staple");
    CliRunner.Result imported = target.run("config", "import", "-i", bundle.toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    for (String name : List.of("wi", "ado", "vm", "az")) {
      assertThat(target.run("config", "show", "-p", name, "--json").out()).as(name)
          .isEqualTo(cli.run("config", "show", "-p", name, "--json").out());
    }
    CliRunner.Result vm = target.run("config", "show", "-p", "vm");
    assertThat(vm.out()).contains("authMethod:      ManagedIdentity\n").contains("miResourceId:")
        .doesNotContain("tenantId").doesNotContain("null");
  }

  @Test
  void fieldsOfOtherMethodsAreRefusedAndSwitchingMethodsDropsThem() {
    CliRunner.Result wrong = cli.runWithStdin("s\n", "config", "create", "--name", "x", "--tenant",
        FakeEntra.TENANT_DOMAIN, "--client-id", client, "--auth-method", "ClientSecret", "--secret-stdin",
        "--service-connection-id", CONNECTION);
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).isEqualTo("Error: --service-connection-id is for --auth-method AzurePipelines, not "
        + "ClientSecret\nHint: Leave --service-connection-id out, or use --auth-method AzurePipelines\n");
    create("wi", "FederatedToken", "--federated-token-file", tokenFile.toString());
    assertThat(cli.run("config", "edit", "-p", "wi", "--auth-method", "GitHubActions").exitCode()).isZero();
    assertThat(cli.run("config", "show", "-p", "wi", "--json").out()).contains("\"authMethod\": \"GitHubActions\"")
        .doesNotContain("federatedTokenFile");
  }
}
