package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.FakeManagedIdentity;
import dev.entratool.testing.Launcher;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ManagedIdentity through the packaged launcher: MSAL4J picks the source from the process environment, so these
 * runs are processes with the variables an Azure host sets, pointed at the plain-HTTP emulator on 127.0.0.1.
 */
class ManagedIdentityIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ARM = "https://management.azure.com/.default";
  /** The variables that choose a source; a test sets the ones of its source and clears the others. */
  static final List<String> SOURCE_VARIABLES = List.of("IDENTITY_ENDPOINT", "IDENTITY_HEADER",
      "IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "IMDS_ENDPOINT", "AZURE_POD_IDENTITY_AUTHORITY_HOST");
  static final FakeManagedIdentity mi = FakeManagedIdentity.start();
  static final FakeManagedIdentity.Identity system = mi.systemAssigned();
  static final FakeManagedIdentity.Identity user = mi.userAssigned("deployer");
  @TempDir Path home;

  @AfterAll
  static void stop() {
    mi.close();
  }

  private Launcher host() {
    Launcher l = new Launcher(home);
    SOURCE_VARIABLES.forEach(l::unset);
    return l;
  }

  private Launcher imds() {
    // a proxy that is not there: IMDS must be reached directly
    return host().env("AZURE_POD_IDENTITY_AUTHORITY_HOST", mi.imdsHost()).env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("HTTP_PROXY", "http://127.0.0.1:9");
  }

  private void create(String name, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("config", "create", "--name", name, "--auth-method",
        "ManagedIdentity", "--scopes", ARM));
    args.addAll(List.of(more));
    CliRunner.Result r = host().run(null, args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  static JsonNode claims(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.trim().split("\\.")[1]));
  }

  @Test
  void systemAssignedIdentityFromImdsIsCachedAndVerboseNamesTheSource() throws Exception {
    create("vm");
    int before = mi.count("imds");
    CliRunner.Result r = imds().run(null, "--verbose", "get-token", "-p", "vm");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Managed identity source: IMDS (" + mi.imdsHost() + ")\n")
        .endsWith("✓ Token acquired successfully\n");
    JsonNode c = claims(r.out());
    assertThat(c.path("aud").asText()).as("scope turned into its resource").isEqualTo("https://management.azure.com");
    assertThat(c.path("sub").asText()).isEqualTo(system.objectId());

    CliRunner.Result again = imds().run(null, "get-token", "-p", "vm", "--json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(JSON.readTree(again.out()).path("accessToken").asText()).isEqualTo(r.out().strip());
    assertThat(mi.count("imds") - before).as("requests to IMDS").isEqualTo(1);

    CliRunner.Result forced = imds().run(null, "get-token", "-p", "vm", "--force", "--silent");
    assertThat(forced.exitCode()).isZero();
    assertThat(mi.count("imds") - before).isEqualTo(2);
  }

  /** The README's Azure VM recipe ("ManagedIdentity"), command for command, against IMDS. */
  @Test
  void azureVmRecipeFromTheReadme() throws Exception {
    FakeManagedIdentity.Identity deployer = mi.userAssigned("readme-deployer",
        "0f5c6a8e-1d2b-4c3a-9e8f-7a6b5c4d3e2f");
    CliRunner.Result vm = imds().run(null, "config", "create", "--name", "vm", "--auth-method", "ManagedIdentity",
        "--scopes", "https://management.azure.com/.default");
    assertThat(vm.exitCode()).as(vm.toString()).isZero();
    CliRunner.Result token = imds().run(null, "get-token", "-p", "vm", "--silent");
    assertThat(token.exitCode()).as(token.toString()).isZero();
    assertThat(claims(token.out()).path("sub").asText()).isEqualTo(system.objectId());

    CliRunner.Result created = imds().run(null, "config", "create", "--name", "deployer", "--mi-client-id",
        "0f5c6a8e-1d2b-4c3a-9e8f-7a6b5c4d3e2f", "--scopes", "https://vault.azure.net/.default");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    CliRunner.Result vault = imds().run(null, "get-token", "-p", "deployer", "--silent");
    assertThat(vault.exitCode()).as(vault.toString()).isZero();
    assertThat(claims(vault.out()).path("sub").asText()).isEqualTo(deployer.objectId());
    assertThat(claims(vault.out()).path("aud").asText()).isEqualTo("https://vault.azure.net");

    // and the one-line forms of "Without a saved profile"
    CliRunner.Result oneLine = imds().run(null, "get-token", "--managed-identity", "--mi-client-id",
        "0f5c6a8e-1d2b-4c3a-9e8f-7a6b5c4d3e2f", "--scope", "https://vault.azure.net/.default");
    assertThat(oneLine.exitCode()).as(oneLine.toString()).isZero();
    assertThat(claims(oneLine.out()).path("sub").asText()).isEqualTo(deployer.objectId());
  }

  @Test
  void userAssignedIdentityByClientObjectOrResourceId() throws Exception {
    create("by-client", "--mi-client-id", user.clientId());
    create("by-object", "--mi-object-id", user.objectId());
    create("by-resource", "--mi-resource-id", user.resourceId());
    for (String name : List.of("by-client", "by-object", "by-resource")) {
      CliRunner.Result r = imds().run(null, "get-token", "-p", name, "--silent");
      assertThat(r.exitCode()).as(name + ": " + r).isZero();
      assertThat(claims(r.out()).path("sub").asText()).as(name).isEqualTo(user.objectId());
    }
    List<String> queries = mi.queries();
    assertThat(queries).anyMatch(q -> q.contains("client_id=" + user.clientId()))
        .anyMatch(q -> q.contains("object_id=" + user.objectId()))
        .anyMatch(q -> q.contains("res_id="));
  }

  @Test
  void anIdentityTheHostDoesNotHaveIsRefused() throws Exception {
    create("other", "--mi-client-id", "0a1b2c3d-0000-4000-8000-000000000000");
    CliRunner.Result r = imds().run(null, "get-token", "-p", "other");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("Error: The managed identity endpoint (IMDS) refused the request: ")
        .contains("Identity not found").contains("Hint: Check that the identity is assigned to this resource "
            + "(a user-assigned one by the ID in the profile: entratool config show -p other)");
    assertThat(r.out()).isEmpty();
    CliRunner.Result unsaved = imds().run(null, "get-token", "--managed-identity", "--mi-client-id",
        "0a1b2c3d-0000-4000-8000-000000000000", "--scope", ARM);
    assertThat(unsaved.exitCode()).as(unsaved.toString()).isEqualTo(4);
    assertThat(unsaved.err()).contains("Hint: Check that the identity is assigned to this resource (a user-assigned "
        + "one by --mi-client-id) and may get tokens").doesNotContain("config ");
  }

  @Test
  void appServiceSourceWithItsHeader() throws Exception {
    create("app");
    Launcher appService = host().env("IDENTITY_ENDPOINT", mi.appServiceEndpoint())
        .env("IDENTITY_HEADER", mi.identityHeader());
    int before = mi.count("appservice");
    CliRunner.Result r = appService.run(null, "--verbose", "get-token", "-p", "app", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Managed identity source: App Service (" + mi.appServiceEndpoint() + ")");
    assertThat(claims(r.out()).path("sub").asText()).isEqualTo(system.objectId());
    assertThat(mi.count("appservice") - before).isEqualTo(1);

    CliRunner.Result wrongHeader = host().env("IDENTITY_ENDPOINT", mi.appServiceEndpoint())
        .env("IDENTITY_HEADER", "not-the-header").run(null, "get-token", "-p", "app", "--force");
    assertThat(wrongHeader.exitCode()).as(wrongHeader.toString()).isEqualTo(4);
    assertThat(wrongHeader.err()).contains("Error: The managed identity endpoint (App Service) refused the request");
  }

  @Test
  void cloudShellSource() throws Exception {
    create("shell");
    int before = mi.count("cloudshell");
    CliRunner.Result r = host().env("MSI_ENDPOINT", mi.cloudShellEndpoint())
        .run(null, "--verbose", "get-token", "-p", "shell", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Managed identity source: Cloud Shell (" + mi.cloudShellEndpoint() + ")\n");
    JsonNode c = claims(r.out());
    assertThat(c.path("sub").asText()).isEqualTo(system.objectId());
    assertThat(c.path("aud").asText()).isEqualTo("https://management.azure.com");
    assertThat(mi.count("cloudshell") - before).isEqualTo(1);
  }

  @Test
  void cloudShellHasNoUserAssignedIdentity() throws Exception {
    create("shell-user", "--mi-client-id", user.clientId());
    int before = mi.count("cloudshell");
    CliRunner.Result r = host().env("MSI_ENDPOINT", mi.cloudShellEndpoint()).run(null, "get-token", "-p",
        "shell-user");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("Error: Cloud Shell has only a system-assigned managed identity, but the profile "
        + "'shell-user' names a user-assigned one\nHint: Remove the user-assigned ID from the profile (entratool "
        + "config edit -p shell-user)");
    CliRunner.Result unsaved = host().env("MSI_ENDPOINT", mi.cloudShellEndpoint()).run(null, "get-token",
        "--managed-identity", "--mi-client-id", user.clientId(), "--scope", ARM);
    assertThat(unsaved.exitCode()).as(unsaved.toString()).isEqualTo(3);
    assertThat(unsaved.err()).contains("Error: Cloud Shell has only a system-assigned managed identity, but "
        + "--mi-client-id names a user-assigned one\nHint: Leave out --mi-client-id\n");
    assertThat(mi.count("cloudshell")).as("no request made").isEqualTo(before);
  }

  @Test
  void azureArcAnswersItsChallengeWithTheAgentsKeyFile() throws Exception {
    String why = mi.prepareArcTokens();
    if (why != null && "1".equals(System.getenv("ENTRATOOL_REQUIRE_ROOT"))) {
      throw new AssertionError("ENTRATOOL_REQUIRE_ROOT=1 but " + why);
    }
    assumeTrue(why == null, why + ": MSAL4J reads Arc's key file only under " + FakeManagedIdentity.ARC_TOKENS);
    create("arc");
    int before = mi.count("arc");
    CliRunner.Result r = arc().run(null, "--verbose", "get-token", "-p", "arc", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Managed identity source: Azure Arc (" + mi.arcIdentityEndpoint() + ")\n");
    assertThat(claims(r.out()).path("sub").asText()).isEqualTo(system.objectId());
    assertThat(mi.count("arc") - before).as("the challenge and the answer").isEqualTo(2);
    try (var left = Files.list(FakeManagedIdentity.ARC_TOKENS)) {
      assertThat(left.map(Path::toString)).as("the one-use key file is gone").noneMatch(f -> f.contains(
          "entratool-test-"));
    }
  }

  @Test
  void azureArcChallengeNamingAFileOutsideTheAgentsFolderIsNotAnswered() throws Exception {
    create("arc-rogue");
    Path elsewhere = Files.writeString(home.resolve("not-a-key.key"), "do-not-send-this");
    mi.nextArcChallengeNames(elsewhere);
    CliRunner.Result r = arc().run(null, "get-token", "-p", "arc-rogue");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("Error: The Azure Arc agent's challenge could not be answered: The file on the "
        + "file path in the WWW-Authenticate header is not secure or could not be found.\nHint: Run entratool as "
        + "root or as a member of the himds group");
    assertThat(mi.arcAuthorizations()).noneMatch(a -> a.contains("do-not-send-this"));
  }

  private Launcher arc() {
    return host().env("IDENTITY_ENDPOINT", mi.arcIdentityEndpoint()).env("IMDS_ENDPOINT", mi.arcImdsEndpoint());
  }

  @Test
  void serviceFabricSourceOverHttpsTrustsTheCertificateWithTheThumbprint() throws Exception {
    create("fabric");
    create("fabric-user", "--mi-client-id", user.clientId());
    // the endpoint's certificate is in no trust store: IDENTITY_SERVER_THUMBPRINT alone vouches for it
    Launcher fabric = host().env("IDENTITY_ENDPOINT", mi.serviceFabricEndpoint())
        .env("IDENTITY_HEADER", mi.identityHeader()).env("IDENTITY_SERVER_THUMBPRINT", mi.serviceFabricThumbprint()
            .toUpperCase(java.util.Locale.ROOT));
    int before = mi.count("servicefabric");
    CliRunner.Result r = fabric.run(null, "--verbose", "get-token", "-p", "fabric", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Managed identity source: Service Fabric (" + mi.serviceFabricEndpoint() + ")\n");
    assertThat(claims(r.out()).path("sub").asText()).isEqualTo(system.objectId());
    CliRunner.Result assigned = fabric.run(null, "get-token", "-p", "fabric-user", "--silent");
    assertThat(assigned.exitCode()).as(assigned.toString()).isZero();
    assertThat(claims(assigned.out()).path("sub").asText()).isEqualTo(user.objectId());
    assertThat(mi.count("servicefabric") - before).isEqualTo(2);
  }

  @Test
  void serviceFabricWithAnotherThumbprintIsATlsError() throws Exception {
    create("fabric-other");
    int before = mi.count("servicefabric");
    CliRunner.Result r = host().env("IDENTITY_ENDPOINT", mi.serviceFabricEndpoint())
        .env("IDENTITY_HEADER", mi.identityHeader()).env("IDENTITY_SERVER_THUMBPRINT", "0".repeat(40))
        .run(null, "get-token", "-p", "fabric-other");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.err()).contains("Error: TLS handshake with 127.0.0.1:").contains("\nHint: Check "
        + "IDENTITY_SERVER_THUMBPRINT: it must be the SHA-1 thumbprint of the certificate the Service Fabric endpoint "
        + "presents");
    assertThat(mi.count("servicefabric")).as("the secret header never sent").isEqualTo(before);
  }

  @Test
  void noEndpointOnThisMachineFailsFast() throws Exception {
    create("laptop");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Instant start = Instant.now();
    CliRunner.Result r = host().env("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:" + closed)
        .run(null, "get-token", "-p", "laptop");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.err()).contains("Error: No managed identity endpoint on this machine (IMDS at 127.0.0.1:" + closed
        + " did not accept a connection within 2 seconds)\nHint: ");
  }

  @Test
  void parallelProcessesOnAnEmptyCacheMakeOneRequest() throws Exception {
    create("ci");
    int before = mi.count("imds");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<CliRunner.Result>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        runs.add(pool.submit(() -> imds().run(null, "get-token", "-p", "ci", "--silent")));
      }
      Set<String> tokens = new HashSet<>();
      for (Future<CliRunner.Result> f : runs) {
        assertThat(f.get().exitCode()).as(f.get().toString()).isZero();
        tokens.add(f.get().out());
      }
      assertThat(tokens).hasSize(1);
      assertThat(mi.count("imds") - before).as("requests to IMDS").isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void withoutASavedProfile() throws Exception {
    int before = mi.count("imds");
    CliRunner.Result system = imds().run(null, "get-token", "--managed-identity", "--scope", ARM, "--silent");
    assertThat(system.exitCode()).as(system.toString()).isZero();
    assertThat(claims(system.out()).path("sub").asText()).isEqualTo(ManagedIdentityIT.system.objectId());
    CliRunner.Result cached = imds().run(null, "get-token", "--managed-identity", "--scope", ARM, "--silent");
    assertThat(cached.out()).isEqualTo(system.out());
    assertThat(mi.count("imds") - before).isEqualTo(1);

    CliRunner.Result assigned = imds().run(null, "get-token", "--managed-identity", "--mi-client-id",
        user.clientId(), "--scope", ARM, "--silent");
    assertThat(assigned.exitCode()).as(assigned.toString()).isZero();
    assertThat(claims(assigned.out()).path("sub").asText()).isEqualTo(user.objectId());
    assertThat(home.resolve("profiles.json")).doesNotExist();
  }

  @Test
  void profileRulesOfAManagedIdentity() throws Exception {
    CliRunner cli = new CliRunner(home);
    CliRunner.Result tenant = cli.run("config", "create", "--name", "x", "--auth-method", "ManagedIdentity",
        "--tenant", "contoso.onmicrosoft.com");
    assertThat(tenant.exitCode()).isEqualTo(2);
    assertThat(tenant.err()).startsWith("Error: --tenant is not used by --auth-method ManagedIdentity\n");
    CliRunner.Result two = cli.run("config", "create", "--name", "x", "--mi-client-id", user.clientId(),
        "--mi-object-id", user.objectId());
    assertThat(two.exitCode()).isEqualTo(2);
    assertThat(two.err()).contains("give exactly one of miClientId, miObjectId and miResourceId");
    CliRunner.Result ok = cli.run("config", "create", "--name", "x", "--mi-client-id", user.clientId(),
        "--scopes", ARM);
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    CliRunner.Result shown = cli.run("config", "show", "-p", "x", "--json");
    assertThat(shown.out()).contains("\"authMethod\": \"ManagedIdentity\"")
        .contains("\"miClientId\": \"" + user.clientId() + "\"").doesNotContain("\"clientId\": \"");
    CliRunner.Result list = cli.run("config", "list");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).containsPattern("\\nx +- +- +ManagedIdentity +ClientCredentials");
    CliRunner.Result deviceCode = cli.run("get-token", "-p", "x", "-f", "DeviceCode");
    assertThat(deviceCode.exitCode()).isEqualTo(2);
    assertThat(deviceCode.err()).contains("gets tokens only as ClientCredentials does");
  }
}
