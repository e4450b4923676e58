package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.error.ExitCode;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.ConnectProxy;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.FakeEntra.Fault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** get-token with Client Credentials and a client secret, against the HTTPS emulator. */
class GetTokenClientCredentialsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GRAPH = "https://graph.microsoft.com/.default";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner cli;
  String client;

  @BeforeEach
  void profile() {
    client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("s3cret-value").allow("https://graph.microsoft.com", "User.Read.All")
        .allow("https://management.azure.com", "Reader");
    cli = fx.cli(home);
    fx.createSecretProfile(cli, "graph-sp", client, "s3cret-value", GRAPH);
  }

  static JsonNode claims(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.trim().split("\\.")[1]));
  }

  private int requests() {
    return fx.entra.tokenRequests();
  }

  @Test
  void userGuideExamplePrintsStatusOnStderrAndTheTokenOnStdout() throws Exception {
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "-f", "ClientCredentials");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("Authenticating with profile 'graph-sp'...\n✓ Token acquired successfully\n");
    assertThat(r.out()).matches("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");
    JsonNode c = claims(r.out());
    assertThat(c.path("aud").asText()).isEqualTo("https://graph.microsoft.com");
    assertThat(c.path("appid").asText()).isEqualTo(client);
    assertThat(c.path("tid").asText()).isEqualTo(FakeEntra.TENANT_ID);
    assertThat(fx.entra.lastTokenRequest()).containsEntry("grant_type", "client_credentials");
    assertThat(fx.entra.lastTokenRequest().get("scope")).contains(GRAPH);
    assertThat(r.out() + r.err()).doesNotContain("s3cret-value");
  }

  @Test
  void flowNamesAreCaseInsensitiveAndDashed() {
    assertThat(cli.run("get-token", "-p", "graph-sp", "-f", "client-credentials").exitCode()).isZero();
    assertThat(cli.run("get-token", "-p", "graph-sp", "--flow", "CLIENTCREDENTIALS").exitCode()).isZero();
  }

  @Test
  void silentPrintsOnlyTheToken() {
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "--silent");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("eyJ").endsWith("\n").doesNotContain(" ");
  }

  @Test
  void outputFileIsPrivateAndTheTokenIsNotPrinted() throws Exception {
    Path file = home.resolve("token.txt");
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "-o", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Authenticating with profile 'graph-sp'...\n✓ Token acquired successfully\n"
        + "✓ Token saved to " + file + "\n");
    assertThat(Files.readString(file)).startsWith("eyJ").endsWith("\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    // the user guide's follow-up: the saved token passes discover
    assertThat(cli.run("discover", "-f", file.toString()).exitCode()).isZero();
  }

  @Test
  void jsonHasTheDocumentedShape() throws Exception {
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.fieldNames()).toIterable().containsExactly("accessToken", "expiresOn", "tokenType", "scopes");
    assertThat(j.path("tokenType").asText()).isEqualTo("Bearer");
    assertThat(j.path("scopes").toString()).isEqualTo("[\"" + GRAPH + "\"]");
    Instant expires = Instant.parse(j.path("expiresOn").asText());
    assertThat(j.path("expiresOn").asText()).endsWith("Z");
    assertThat(expires).isBetween(Instant.now().plusSeconds(3000), Instant.now().plusSeconds(3700));
    // MSAL counts expires_in from its own clock; the token's exp from the server's: a second apart at most
    assertThat(claims(j.path("accessToken").asText()).path("exp").asLong())
        .isBetween(expires.getEpochSecond() - 2, expires.getEpochSecond() + 2);
  }

  @Test
  void scopeOverrideAsksForThatResource() throws Exception {
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "--scope", "https://management.azure.com/.default",
        "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(claims(r.out()).path("aud").asText()).isEqualTo("https://management.azure.com");
    assertThat(claims(r.out()).path("roles").toString()).isEqualTo("[\"Reader\"]");
  }

  @Test
  void delegatedScopesAreRefusedLocallyForClientCredentials() {
    int before = requests();
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "--scope",
        "https://graph.microsoft.com/User.Read Mail.Read");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Error: Client Credentials needs exactly one scope of the form <resource>/.default, "
        + "not 'https://graph.microsoft.com/User.Read https://graph.microsoft.com/Mail.Read'")
        .contains("Hint: Use --scope \"https://graph.microsoft.com/.default\"");
    assertThat(requests()).isEqualTo(before);
  }

  @Test
  void cachedTokenIsReusedWithoutANetworkCallUntilForced() {
    String first = cli.run("get-token", "-p", "graph-sp", "--silent").out();
    int after = requests();
    CliRunner.Result again = cli.run("get-token", "-p", "graph-sp", "--silent");
    assertThat(again.out()).isEqualTo(first);
    assertThat(requests()).isEqualTo(after);

    CliRunner.Result forced = cli.run("get-token", "-p", "graph-sp", "--silent", "--force");
    assertThat(forced.exitCode()).isZero();
    assertThat(requests()).isEqualTo(after + 1);

    // a 60-minute token does not have 61 minutes left: ask again
    cli.run("get-token", "-p", "graph-sp", "--silent", "--min-validity", "61");
    assertThat(requests()).isEqualTo(after + 2);
  }

  @Test
  void cacheIsEncryptedAndKeyedInTheSecretStore() throws Exception {
    String token = cli.run("get-token", "-p", "graph-sp", "--silent").out().trim();
    Path cache = home.resolve("cache").resolve("graph-sp.tokens");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.getParent()))).isEqualTo("rwx------");
    String raw = new String(Files.readAllBytes(cache), StandardCharsets.ISO_8859_1);
    assertThat(raw).startsWith("ETC1").doesNotContain(token).doesNotContain("AccessToken");
  }

  @Test
  void editingTheProfileDropsItsCachedTokens() {
    cli.run("get-token", "-p", "graph-sp", "--silent");
    int after = requests();
    // the same tenant by its ID: its secret may stay (--keep-secrets), and the tokens got by its domain still go
    assertThat(cli.run("config", "edit", "-p", "graph-sp", "--tenant", FakeEntra.TENANT_ID, "--keep-secrets")
        .exitCode()).isZero();
    assertThat(cli.run("get-token", "-p", "graph-sp", "--silent").exitCode()).isZero();
    assertThat(requests()).isEqualTo(after + 1);
  }

  @Test
  void aTokenExpiringSoonIsNotReused() {
    String other = EntraFixture.newClientId();
    fx.entra.registerApp(other).secret("s2").allow("https://graph.microsoft.com", "x")
        .tokenLifetime(Duration.ofMinutes(4));
    fx.createSecretProfile(cli, "short", other, "s2", GRAPH);
    cli.run("get-token", "-p", "short", "--silent");
    int after = requests();
    cli.run("get-token", "-p", "short", "--silent");
    assertThat(requests()).isEqualTo(after + 1);
    cli.run("get-token", "-p", "short", "--silent", "--min-validity", "1");
    assertThat(requests()).isEqualTo(after + 1);
  }

  @Test
  void parallelRunsDoNotCorruptTheCache() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<CliRunner.Result>> runs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      runs.add(pool.submit(() -> fx.cli(home).run("get-token", "-p", "graph-sp", "--silent", "--force")));
    }
    for (Future<CliRunner.Result> f : runs) {
      assertThat(f.get().exitCode()).as(f.get().toString()).isZero();
    }
    pool.shutdown();
    int after = requests();
    CliRunner.Result cached = cli.run("get-token", "-p", "graph-sp", "--silent");
    assertThat(cached.exitCode()).isZero();
    assertThat(requests()).isEqualTo(after);
  }

  @Test
  void noProfileMeansTheDefaultOne() {
    CliRunner.Result none = cli.run("get-token");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).isEqualTo("Error: No profile given (-p NAME), and none is named 'default'\n"
        + "Hint: Choose one with -p: graph-sp\n");
    fx.createSecretProfile(cli, "default", client, "s3cret-value", GRAPH);
    assertThat(cli.run("get-token", "--silent").exitCode()).isZero();
  }

  @Test
  void unknownProfileExits3WithCloseMatches() {
    CliRunner.Result r = cli.run("get-token", "-p", "graph");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("Error: Profile 'graph' not found. Did you mean: graph-sp?\n"
        + "Hint: Run 'entratool config list' to see your profiles\n");
  }

  @Test
  void badFlagsAreUsageErrors() {
    CliRunner.Result flow = cli.run("get-token", "-p", "graph-sp", "-f", "Password");
    assertThat(flow.exitCode()).isEqualTo(2);
    assertThat(flow.err()).startsWith("Error: Invalid value for --flow: Unknown flow 'Password'");
    CliRunner.Result timeout = cli.run("get-token", "-p", "graph-sp", "--timeout", "soon");
    assertThat(timeout.exitCode()).isEqualTo(2);
    assertThat(timeout.err()).contains("'soon' is not a duration");
    CliRunner.Result unknown = cli.run("get-token", "-p", "graph-sp", "--scopes", "x");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("Error: Unknown options: '--scopes', 'x'\nDid you mean: --scope?\n");
  }

  @Test
  void wrongSecretMapsToExit4WithTheFix() {
    fx.createSecretProfile(cli, "bad", client, "not-the-secret", GRAPH);
    CliRunner.Result r = cli.run("get-token", "-p", "bad");
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).isEqualTo("Authenticating with profile 'bad'...\n"
        + "Error: AADSTS7000215: Invalid client secret provided.\n"
        + "Hint: The client secret is wrong or was rotated: create a new one in the Azure portal (App registrations "
        + "> Certificates & secrets), then store it: entratool config edit -p bad (choose: Client Secret)\n");
    assertThat(r.err()).doesNotContain("not-the-secret").doesNotContain("\tat ");
  }

  @Test
  void authorityErrorsMapToExit4() {
    String expiring = EntraFixture.newClientId();
    fx.entra.registerApp(expiring).expiredSecret("old").allow("https://graph.microsoft.com", "x");
    fx.createSecretProfile(cli, "expired", expiring, "old", GRAPH);
    assertThat(cli.run("get-token", "-p", "expired").err())
        .contains("Error: AADSTS7000222: The provided client secret keys for app '" + expiring + "' are expired.");

    fx.createSecretProfile(cli, "ghost", EntraFixture.newClientId(), "x", GRAPH);
    CliRunner.Result ghost = cli.run("get-token", "-p", "ghost");
    assertThat(ghost.exitCode()).isEqualTo(4);
    assertThat(ghost.err()).contains("Error: AADSTS700016: Application with identifier '")
        .contains("Hint: Check the profile's client ID and tenant (entratool config show -p ghost)");

    CliRunner.Result tenant = cli.runWithStdin("s3cret-value\n", "config", "create", "--name", "other-tenant",
        "--tenant", "fabrikam.onmicrosoft.com", "--client-id", client, "--authority-host", fx.entra.authorityHost(),
        "--secret-stdin");
    assertThat(tenant.exitCode()).isZero();
    CliRunner.Result noTenant = cli.run("get-token", "-p", "other-tenant");
    assertThat(noTenant.exitCode()).isEqualTo(4);
    assertThat(noTenant.err()).contains("Error: AADSTS90002: Tenant 'fabrikam.onmicrosoft.com' not found.")
        .contains("Hint: Check the profile's tenant and cloud");

    CliRunner.Result scope = cli.run("get-token", "-p", "graph-sp", "--scope", "api://unknown-api/.default");
    assertThat(scope.exitCode()).isEqualTo(4);
    assertThat(scope.err()).contains("Error: AADSTS70011: The provided value for the input parameter 'scope' is not "
        + "valid.").contains("grant admin consent");
  }

  @Test
  void transientFailuresAreRetried() {
    int before = requests();
    fx.entra.failNext(Fault.status(503));
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "--silent", "--force");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(requests()).isEqualTo(before + 2);

    fx.entra.failNext(Fault.tooManyRequests(1));
    assertThat(cli.run("get-token", "-p", "graph-sp", "--silent", "--force").exitCode()).isZero();
    assertThat(requests()).isEqualTo(before + 4);

    fx.entra.failNext(Fault.dropped());
    assertThat(cli.run("get-token", "-p", "graph-sp", "--silent", "--force").exitCode()).isZero();
    assertThat(requests()).isEqualTo(before + 6);
  }

  @Test
  void threeFailuresGiveUpWithExit5() {
    int before = requests();
    fx.entra.failNext(Fault.status(500), Fault.status(500), Fault.status(500));
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "--force");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).contains("Error: The sign-in service at 127.0.0.1:" + fx.entra.port()
        + " is unavailable (HTTP 500)");
    assertThat(requests()).isEqualTo(before + 3);
  }

  @Test
  void timeoutBoundsTheWholeCall() {
    fx.entra.failNext(Fault.delay(Duration.ofSeconds(4)));
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "--force", "--timeout", "1s");
    assertThat(r.exitCode()).isEqualTo(6);
    assertThat(r.err()).contains("Error: No token from 127.0.0.1:" + fx.entra.port() + " within 1 second")
        .contains("--timeout 2m");
  }

  @Test
  void untrustedServerIsATlsErrorUntilTheCaBundleIsGiven() {
    CliRunner noTrust = fx.cli(home).env("ENTRATOOL_CA_BUNDLE", null);
    CliRunner.Result r = noTrust.run("get-token", "-p", "graph-sp", "--force");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).contains("Error: TLS handshake with 127.0.0.1:" + fx.entra.port() + " failed")
        .contains("Hint: If a proxy inspects TLS, trust its root CA: ENTRATOOL_CA_BUNDLE=/path/ca.pem");
    CliRunner.Result withFlag = noTrust.run("get-token", "-p", "graph-sp", "--force", "--ca-bundle",
        fx.caBundle().toString());
    assertThat(withFlag.exitCode()).as(withFlag.toString()).isZero();
    CliRunner.Result missing = noTrust.run("get-token", "-p", "graph-sp", "--force", "--ca-bundle",
        home.resolve("nope.pem").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("CA bundle " + home.resolve("nope.pem") + " does not exist");
  }

  /**
   * A server that the CA bundle vouches for, answering for a name its certificate does not carry (a proxy that takes
   * the tunnel elsewhere): a TLS error naming the host, and the client secret is never sent.
   */
  @Test
  void aServerWhoseCertificateIsForAnotherNameGetsNoRequest() throws Exception {
    try (ConnectProxy elsewhere = ConnectProxy.toward(fx.entra.port())) {
      String authority = "https://login.example.com:" + fx.entra.port();
      CliRunner.Result created = cli.runWithStdin("s3cret-value\n", "config", "create", "--name", "misrouted",
          "--tenant", FakeEntra.TENANT_DOMAIN, "--client-id", client, "--scopes", GRAPH, "--auth-method",
          "ClientSecret", "--authority-host", authority, "--secret-stdin");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      int before = fx.entra.allRequests();
      CliRunner.Result r = cli.env("HTTPS_PROXY", "http://127.0.0.1:" + elsewhere.port())
          .run("get-token", "-p", "misrouted", "--force");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
      assertThat(r.err()).contains("Error: TLS handshake with login.example.com:" + fx.entra.port()
          + " through the proxy 127.0.0.1:" + elsewhere.port() + " failed: the server's certificate is not for "
          + "login.example.com\nHint: If the proxy inspects TLS, trust its root CA").doesNotContain("\tat ");
      assertThat(r.out()).isEmpty();
      assertThat(elsewhere.tunnels()).as("the tunnel was asked for, once").containsExactly("login.example.com:"
          + fx.entra.port());
      assertThat(fx.entra.allRequests()).as("no request reached the server").isEqualTo(before);
    }
  }

  // A bad bundle named by the environment is reported as such, and a --ca-bundle flag wins over it.
  @Test
  void theEnvironmentsCaBundleIsCheckedAndTheFlagWins() {
    Path missing = home.resolve("nope.pem");
    CliRunner badEnv = fx.cli(home).env("ENTRATOOL_CA_BUNDLE", missing.toString());
    CliRunner.Result r = badEnv.run("get-token", "-p", "graph-sp", "--force");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("Error: CA bundle " + missing + " does not exist")
        .contains("Hint: Fix ENTRATOOL_CA_BUNDLE or --ca-bundle").doesNotContain("\tat ");
    CliRunner.Result withFlag = badEnv.run("get-token", "-p", "graph-sp", "--force", "--ca-bundle",
        fx.caBundle().toString());
    assertThat(withFlag.exitCode()).as(withFlag.toString()).isZero();
    assertThat(withFlag.out()).startsWith("eyJ");
  }

  // A bad proxy setting is reported only by a command that connects: help and profile errors stay as they were.
  @Test
  void aMalformedProxySettingLeavesHelpAndProfileErrorsAsTheyWere() {
    CliRunner badProxy = fx.cli(home).env("HTTPS_PROXY", "http://proxy corp:8080");
    CliRunner.Result help = badProxy.run("get-token", "--help");
    assertThat(help.exitCode()).as(help.toString()).isZero();
    CliRunner.Result missing = badProxy.run("get-token", "-p", "no-such-profile");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCode.PROFILE.code());
    assertThat(missing.err()).contains("Error: Profile 'no-such-profile'").doesNotContain("\tat ");
  }

  @Test
  void refusedConnectionIsANetworkErrorNamingTheHost() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    cli.run("config", "edit", "-p", "graph-sp", "--authority-host", "https://127.0.0.1:" + closedPort,
        "--keep-secrets");
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "--force");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).contains("Error: Cannot connect to 127.0.0.1:" + closedPort);
  }

  @Test
  void missingSecretSaysHowToStoreIt() throws Exception {
    Files.delete(home.resolve("secrets.vault"));
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "--force");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("Error: Profile 'graph-sp' has no client secret stored")
        .contains("Hint: Store it: entratool config edit -p graph-sp (choose: Client Secret)");
  }

  @Test
  void inspectAndDiscoverReadTheProfilesCachedToken() throws Exception {
    CliRunner.Result none = cli.run("discover", "-p", "graph-sp");
    assertThat(none.exitCode()).isEqualTo(8);
    assertThat(none.err()).isEqualTo("Error: No cached token for profile 'graph-sp'\n"
        + "Hint: Get one first: entratool get-token -p graph-sp\n");
    String token = cli.run("get-token", "-p", "graph-sp", "--silent").out();
    CliRunner.Result inspect = cli.run("inspect", "-p", "graph-sp");
    assertThat(inspect.exitCode()).isZero();
    assertThat(inspect.out()).contains("\"appid\": \"" + client + "\"");
    assertThat(cli.run("discover", "-p", "graph-sp").exitCode()).isZero();
    assertThat(cli.run("discover", "-p", "nope").exitCode()).isEqualTo(3);
    // the user guide's pipe: get-token --silent | inspect
    CliRunner.Result piped = cli.runWithStdin(token, "inspect");
    assertThat(piped.exitCode()).isZero();
    assertThat(piped.out()).isEqualTo(inspect.out());
  }

  @Test
  void httpsProxyIsUsedUnlessNoProxyExcludesTheHost() throws Exception {
    try (dev.entratool.testing.ConnectProxy proxy = new dev.entratool.testing.ConnectProxy()) {
      CliRunner viaProxy = fx.cli(home).env("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port());
      CliRunner.Result r = viaProxy.run("get-token", "-p", "graph-sp", "--silent", "--force");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(proxy.tunnels()).contains("127.0.0.1:" + fx.entra.port());

      int tunnels = proxy.tunnels().size();
      CliRunner.Result direct = viaProxy.env("NO_PROXY", "localhost,127.0.0.1").run("get-token", "-p", "graph-sp",
          "--silent", "--force");
      assertThat(direct.exitCode()).as(direct.toString()).isZero();
      assertThat(proxy.tunnels()).hasSize(tunnels);
    }
  }
}
