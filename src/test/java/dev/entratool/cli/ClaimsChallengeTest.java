package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.error.ExitCode;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get-token --claims} and {@code --claims-challenge}: a resource's claims challenge (Conditional Access
 * step-up, CAE) answered with a new token that carries the claims, from the authority whatever is cached.
 */
class ClaimsChallengeTest {
  static final String API = "https://graph.microsoft.com";
  static final String STEP_UP = "{\"access_token\":{\"acrs\":{\"essential\":true,\"value\":\"c1\"}}}";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner cli;
  FakeResource resource;

  @BeforeEach
  void setUp() throws Exception {
    cli = fx.cli(home);
    resource = new FakeResource(fx.pki, fx.entra, API, "c1");
  }

  @AfterEach
  void tearDown() {
    resource.close();
  }

  static JsonNode claims(String jwt) throws Exception {
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.trim().split("\\.")[1]));
  }

  private String appProfile() {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("cae-secret").allow(API, "User.Read.All");
    fx.createSecretProfile(cli, "api", client, "cae-secret", API + "/.default");
    return client;
  }

  /** The resource's answer to a call with {@code token}: its status and WWW-Authenticate value. */
  private HttpResponse<String> call(String token) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", fx.pki.ca());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
    return http.send(HttpRequest.newBuilder(URI.create(resource.url())).header("Authorization", "Bearer "
        + token.trim()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theChallengeOfAResourceIsAnsweredWithATokenCarryingItsClaims() throws Exception {
    appProfile();
    Result first = cli.run("get-token", "-p", "api", "--silent");
    assertThat(first.exitCode()).as(first.err()).isZero();
    HttpResponse<String> refused = call(first.out());
    assertThat(refused.statusCode()).isEqualTo(401);
    String challenge = refused.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge).contains("error=\"insufficient_claims\"");

    int requests = fx.entra.tokenRequests();
    Result stepUp = cli.runWithStdin(challenge, "get-token", "-p", "api", "--claims-challenge", "-", "--silent");
    assertThat(stepUp.exitCode()).as(stepUp.err()).isZero();
    assertThat(fx.entra.tokenRequests()).as("the cached token does not answer").isEqualTo(requests + 1);
    assertThat(fx.entra.lastTokenRequest().get("claims")).contains("\"acrs\"");
    assertThat(claims(stepUp.out()).path("acrs").toString()).isEqualTo("[\"c1\"]");
    assertThat(call(stepUp.out()).statusCode()).isEqualTo(200);
    Result cached = cli.run("get-token", "-p", "api", "--silent");
    assertThat(cached.out().equals(stepUp.out())).as("the answer is cached as usual").isTrue();
    assertThat(fx.entra.tokenRequests()).isEqualTo(requests + 1);

    // the same claims as an argument, in each of the forms a challenge's value comes in
    String json = STEP_UP;
    String b64 = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    String b64url = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    for (String value : new String[] {json, b64, b64url}) {
      Result r = cli.run("get-token", "-p", "api", "--claims", value, "--silent");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(claims(r.out()).path("acrs").toString()).isEqualTo("[\"c1\"]");
    }
    Result header = cli.run("get-token", "-p", "api", "--claims-challenge", challenge, "--silent");
    assertThat(header.exitCode()).as(header.err()).isZero();
    assertThat(call(header.out()).statusCode()).isEqualTo(200);
  }

  /**
   * --silent quiets status lines only (README): the sign-in a user flow's claims need still starts, and shows its
   * Device Code block; only kubectl's "interactive": false stops it (ExecCredentialTest).
   */
  @Test
  void aUserFlowSignsInAgainWithTheClaimsInsteadOfRefreshing() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).publicClient().allow(API, "User.Read");
    fx.createUserProfile(cli, "user", client, API + "/User.Read");
    Result first = cli.run("get-token", "-p", "user", "--silent");
    assertThat(first.exitCode()).as(first.err()).isZero();
    int signIns = fx.entra.count("devicecode");

    Result stepUp = cli.run("get-token", "-p", "user", "--claims", resource.claims(), "--silent");
    assertThat(stepUp.exitCode()).as(stepUp.err()).isZero();
    assertThat(fx.entra.count("devicecode")).as("a new sign-in, not a refresh MSAL would send without the claims")
        .isEqualTo(signIns + 1);
    assertThat(stepUp.err()).as("under --silent, the sign-in and only it shows").startsWith("Device Code "
        + "Authentication\n").doesNotContain("Authenticating with profile").doesNotContain("✓");
    assertThat(claims(stepUp.out()).path("acrs").toString()).isEqualTo("[\"c1\"]");
    assertThat(call(stepUp.out()).statusCode()).isEqualTo(200);
  }

  /**
   * {@code refresh --claims}: a refresh cannot carry them (MSAL sends none on a refresh), so a user flow signs in again
   * with them, once, and the token it caches answers the next plain get-token; an app's own token is asked for anew.
   */
  @Test
  void refreshWithClaimsSignsInAgainWithThemInsteadOfRefreshing() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).publicClient().allow(API, "User.Read");
    fx.createUserProfile(cli, "user", client, API + "/User.Read");
    assertThat(cli.run("get-token", "-p", "user", "--silent").exitCode()).isZero();
    int signIns = fx.entra.count("devicecode");
    int requests = fx.entra.tokenRequests();

    Result stepUp = cli.run("refresh", "-p", "user", "--claims", resource.claims());
    assertThat(stepUp.exitCode()).as(stepUp.err()).isZero();
    assertThat(stepUp.err()).startsWith("A refresh cannot carry the claims: signing in again for profile 'user'...\n")
        .contains("Device Code Authentication").endsWith("✓ Token acquired successfully\n");
    assertThat(fx.entra.count("devicecode")).as("one new sign-in").isEqualTo(signIns + 1);
    assertThat(fx.entra.tokenRequests()).as("its token request only: no refresh first, no loop")
        .isEqualTo(requests + 1);
    assertThat(fx.entra.lastTokenRequest().get("grant_type")).contains("device_code");
    assertThat(fx.entra.lastTokenRequest().get("claims")).contains("\"acrs\"");
    assertThat(claims(stepUp.out()).path("acrs").toString()).isEqualTo("[\"c1\"]");
    assertThat(call(stepUp.out()).statusCode()).isEqualTo(200);

    Result cached = cli.run("get-token", "-p", "user", "--silent");
    assertThat(cached.exitCode()).as(cached.err()).isZero();
    assertThat(cached.out().equals(stepUp.out())).as("the claims' token, from the cache").isTrue();
    assertThat(fx.entra.tokenRequests()).isEqualTo(requests + 1);

    Result plain = cli.run("refresh", "-p", "user", "--silent");
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(fx.entra.lastTokenRequest()).containsEntry("grant_type", "refresh_token").doesNotContainKey("claims");
  }

  @Test
  void refreshOfAnAppProfileTakesTheChallengeOnStdinAndRefusesInvalidClaims() throws Exception {
    appProfile();
    String challenge = call(cli.run("get-token", "-p", "api", "--silent").out()).headers()
        .firstValue("WWW-Authenticate").orElseThrow();
    Result r = cli.runWithStdin(challenge, "refresh", "-p", "api", "--claims-challenge", "-", "--silent");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(fx.entra.lastTokenRequest().get("claims")).contains("\"acrs\"");
    assertThat(call(r.out()).statusCode()).isEqualTo(200);

    Result invalid = cli.run("refresh", "-p", "api", "--claims", "not claims");
    assertThat(invalid.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(invalid.err()).startsWith("Error: Invalid --claims: neither base64 of a JSON object nor a JSON object\n"
        + "Hint: ");
    Result both = cli.run("refresh", "-p", "api", "--claims", STEP_UP, "--claims-challenge", "x");
    assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(both.err()).startsWith("Error: --claims and --claims-challenge exclude each other\n");
  }

  @Test
  void claimsThatAreNotJsonOrAChallengeWithoutClaimsAreUsageErrors() {
    appProfile();
    for (String value : new String[] {"not claims", "bm90IGpzb24=", "{\"access_token\":", "[1]"}) {
      Result r = cli.run("get-token", "-p", "api", "--claims", value);
      assertThat(r.exitCode()).as(value).isEqualTo(ExitCode.USAGE.code());
      assertThat(r.err()).startsWith("Error: Invalid --claims: neither base64 of a JSON object nor a JSON object\n"
          + "Hint: ");
    }
    Result noClaims = cli.run("get-token", "-p", "api", "--claims-challenge", "Bearer realm=\"\", error=\"x\"");
    assertThat(noClaims.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(noClaims.err()).startsWith("Error: --claims-challenge has no claims=\"...\" parameter");
    Result both = cli.run("get-token", "-p", "api", "--claims", STEP_UP, "--claims-challenge", "x");
    assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE.code());
    Result mi = cli.run("get-token", "--managed-identity", "--scope", API + "/.default", "--claims", STEP_UP);
    assertThat(mi.exitCode()).as(mi.err()).isEqualTo(ExitCode.USAGE.code());
    assertThat(mi.err()).startsWith("Error: ManagedIdentity cannot ask for the claims of a challenge");
  }
}
