package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.FakeEntra.Fault;
import dev.entratool.testing.HeadlessChromium;
import dev.entratool.testing.Printable;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The browser flows end to end with a real (headless) Chromium following the emulator's redirects. */
class BrowserFlowsTest {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  HeadlessChromium chromium;
  CliRunner cli;

  @BeforeEach
  void browser() throws Exception {
    chromium = HeadlessChromium.create(home, fx.pki);
    cli = fx.cli(home).env("BROWSER", chromium.browserCommand());
  }

  @AfterEach
  void closeBrowser() throws Exception {
    fx.entra.authorizeError(null);
    if (chromium != null) { // null when the test was skipped for want of Chromium
      chromium.close();
    }
  }

  static JsonNode claims(String jwt) throws Exception {
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.trim().split("\\.")[1]));
  }

  /** A web-app registration (client secret "web-secret") and its profile {@code name}, signing in by Authorization Code. */
  private void webApp(String name) {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("web-secret").allow("https://graph.microsoft.com", "User.Read");
    CliRunner.Result r = cli.runWithStdin("web-secret\n", "config", "create", "--name", name, "--tenant",
        FakeEntra.TENANT_ID, "--client-id", client, "--scopes", "https://graph.microsoft.com/User.Read",
        "--default-flow", "AuthorizationCode", "--authority-host", fx.entra.authorityHost(), "--secret-stdin");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  /** One registration as profile 'web' (client secret, Authorization Code) and 'personal' (public client). */
  private void webAndPublicProfiles() {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).publicClient().secret("web-secret").allow("https://graph.microsoft.com",
        "User.Read");
    assertThat(cli.runWithStdin("web-secret\n", "config", "create", "--name", "web", "--tenant", FakeEntra.TENANT_ID,
        "--client-id", client, "--scopes", "https://graph.microsoft.com/User.Read", "--authority-host",
        fx.entra.authorityHost(), "--secret-stdin").exitCode()).isZero();
    assertThat(cli.run("config", "create", "--name", "personal", "--tenant", FakeEntra.TENANT_ID, "--client-id",
        client, "--scopes", "https://graph.microsoft.com/User.Read", "--auth-method", "None", "--authority-host",
        fx.entra.authorityHost()).exitCode()).isZero();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void interactiveBrowserSignsInThroughMsalsListener() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).publicClient().allow("https://graph.microsoft.com", "User.Read");
    assertThat(cli.run("config", "create", "--name", "personal-graph", "--tenant", FakeEntra.TENANT_ID,
        "--client-id", client, "--scopes", "https://graph.microsoft.com/User.Read", "--auth-method", "None",
        "--default-flow", "InteractiveBrowser", "--authority-host", fx.entra.authorityHost()).exitCode()).isZero();
    CliRunner.Result r = cli.run("get-token", "-p", "personal-graph", "-f", "InteractiveBrowser", "--timeout", "60s");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String err = r.err().replaceAll("(?m)^Secrets are stored in encrypted file .*\n", "");
    assertThat(err).isEqualTo("Authenticating with profile 'personal-graph'...\n"
        + "Opening browser for authentication...\n"
        + "✓ Authentication successful\n"
        + "✓ Token acquired\n");
    assertThat(claims(r.out()).path("scp").asText()).isEqualTo("User.Read");
    assertThat(fx.entra.lastTokenRequest()).containsEntry("grant_type", "authorization_code")
        .containsKey("code_verifier");

    // the next call needs no browser: cached, then refreshed silently
    int authorizations = fx.entra.count("authorize");
    CliRunner.Result again = cli.env("BROWSER", "/bin/false").run("get-token", "-p", "personal-graph", "--force");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(fx.entra.count("authorize")).isEqualTo(authorizations);
    assertThat(fx.entra.lastTokenRequest()).containsEntry("grant_type", "refresh_token");
  }

  @Test
  void authorizationCodeUsesItsOwnListenerAndTheClientSecret() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("web-secret").allow("https://graph.microsoft.com", "User.Read");
    int port = freePort();
    CliRunner.Result created = cli.runWithStdin("web-secret\n", "config", "create", "--name", "web-backend",
        "--tenant", FakeEntra.TENANT_ID, "--client-id", client, "--scopes", "https://graph.microsoft.com/User.Read",
        "--auth-method", "ClientSecret", "--default-flow", "AuthorizationCode", "--redirect-uri",
        "http://localhost:" + port, "--authority-host", fx.entra.authorityHost(), "--secret-stdin");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    CliRunner.Result r = cli.run("get-token", "-p", "web-backend", "-f", "AuthorizationCode", "--timeout", "60s");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("Authenticating with profile 'web-backend'...\n"
        + "Opening browser for authentication...\n"
        + "Redirect URI: http://localhost:" + port + "\n"
        + "✓ Authorization code received\n"
        + "✓ Token acquired\n");
    assertThat(fx.entra.lastTokenRequest()).containsEntry("grant_type", "authorization_code")
        .containsEntry("client_secret", "web-secret").containsKey("code_verifier")
        .containsEntry("redirect_uri", "http://localhost:" + port);
    assertThat(claims(r.out()).path("upn").asText()).isEqualTo(FakeEntra.USER_NAME);
  }

  @Test
  void deniedConsentIsRejected() throws Exception {
    webApp("web");
    int port = freePort();
    fx.entra.authorizeError("access_denied");
    CliRunner.Result r = cli.run("get-token", "-p", "web", "--port", String.valueOf(port), "--timeout", "60s");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("Redirect URI: http://localhost:" + port + "\n")
        .contains("Error: Sign-in was not completed: access_denied (AADSTS65004: User declined to consent to access "
            + "the app.)");
  }

  @Test
  void noBrowserPrintsTheUrlAndTimesOutWithTheDeviceCodeHint() throws Exception {
    webApp("web");
    CliRunner.Result r = cli.env("BROWSER", home.resolve("no-such-browser").toString())
        .run("get-token", "-p", "web", "--port", String.valueOf(freePort()), "--timeout", "2s");
    assertThat(r.exitCode()).isEqualTo(6);
    assertThat(r.err()).contains("Could not open a browser. Open this URL to sign in:\n  " + fx.entra.authorityHost()
        + "/" + FakeEntra.TENANT_ID + "/oauth2/v2.0/authorize?")
        .contains("Error: Browser did not respond within 2 seconds")
        .contains("Hint: Try the Device Code flow instead: entratool get-token -p web -f DeviceCode");
  }

  @Test
  void anAppTokenInTheCacheNeverAnswersForAUserFlow() throws Exception {
    String client = fx.registerSecretApp("both");
    cli.runWithStdin("both\n", "config", "create", "--name", "both", "--tenant", FakeEntra.TENANT_ID, "--client-id",
        client, "--scopes", "https://graph.microsoft.com/.default", "--authority-host", fx.entra.authorityHost(),
        "--secret-stdin");
    CliRunner.Result app = cli.run("get-token", "-p", "both", "-f", "ClientCredentials", "--silent");
    assertThat(app.exitCode()).as(app.toString()).isZero();
    int authorizations = fx.entra.count("authorize");
    CliRunner.Result user = cli.run("get-token", "-p", "both", "-f", "AuthorizationCode", "--port",
        String.valueOf(freePort()), "--silent", "--timeout", "60s");
    assertThat(user.exitCode()).as(user.toString()).isZero();
    assertThat(fx.entra.count("authorize")).isEqualTo(authorizations + 1);
    assertThat(claims(user.out()).path("upn").asText()).isEqualTo(FakeEntra.USER_NAME);
    // and the other way round: the app's cached token still answers Client Credentials
    assertThat(cli.run("get-token", "-p", "both", "-f", "ClientCredentials", "--silent").out())
        .isEqualTo(app.out());
  }

  /**
   * A claims challenge in both browser flows (#18): a new sign-in whose authorize request and code redemption carry
   * the claims, never a refresh that would drop them; the token carries the requested context.
   */
  @Test
  void bothBrowserFlowsSignInAgainWithTheClaims() throws Exception {
    webAndPublicProfiles();
    for (String[] c : new String[][] {{"personal", "InteractiveBrowser"}, {"web", "AuthorizationCode"}}) {
      String[] plain = {"get-token", "-p", c[0], "-f", c[1], "--port", String.valueOf(freePort()), "--timeout",
          "60s", "--silent"};
      CliRunner.Result first = cli.run(plain);
      assertThat(first.exitCode()).as(c[1] + "\n" + first).isZero();
      chromium.close(); // one browser per sign-in: a second one on the same profile folder would defer to it
      int authorizations = fx.entra.count("authorize");
      CliRunner.Result stepUp = cli.run("get-token", "-p", c[0], "-f", c[1], "--port", String.valueOf(freePort()),
          "--timeout", "60s", "--silent", "--claims", ClaimsChallengeTest.STEP_UP);
      assertThat(stepUp.exitCode()).as(c[1] + "\n" + stepUp).isZero();
      assertThat(fx.entra.count("authorize")).as(c[1] + ": signed in again").isEqualTo(authorizations + 1);
      assertThat(fx.entra.lastTokenRequest()).as(c[1]).containsEntry("grant_type", "authorization_code");
      assertThat(claims(stepUp.out()).path("acrs").toString()).as(c[1]).isEqualTo("[\"c1\"]");
      chromium.close();
    }
  }

  // A token answer without a usable token (issue #14): refused, nothing cached, so the next call signs in again.
  @Test
  void aTokenAnswerWithoutATokenIsRefusedAndNothingIsCached() throws Exception {
    webAndPublicProfiles();
    record Case(String profile, String flow, Fault fault) {}
    for (Case c : new Case[] {
        new Case("personal", "InteractiveBrowser", Fault.token("no access_token", b -> b.remove("access_token"))),
        new Case("web", "AuthorizationCode", Fault.token("expires_in negative", b -> b.put("expires_in", -1)))}) {
      String[] args = {"get-token", "-p", c.profile(), "-f", c.flow(), "--port", String.valueOf(freePort()),
          "--timeout", "60s"};
      fx.entra.failNext(c.fault());
      CliRunner.Result r = cli.run(args);
      assertThat(r.exitCode()).as(c + "\n" + r).isEqualTo(5);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains("Error: The sign-in service at 127.0.0.1:" + fx.entra.port()
          + " answered without a usable token").doesNotContain("✓ Token");
      chromium.close(); // one browser per sign-in: a second one on the same profile folder would defer to it
      int authorizations = fx.entra.count("authorize");
      CliRunner.Result again = cli.run(args);
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(claims(again.out()).path("upn").asText()).isEqualTo(FakeEntra.USER_NAME);
      assertThat(fx.entra.count("authorize")).as("nothing was cached: signed in again").isEqualTo(authorizations + 1);
      chromium.close();
    }
  }

  @Test
  void aSignInErrorsDescriptionIsShownAsPrintableText() throws Exception {
    webApp("web");
    fx.entra.authorizeError("access_denied", "AADSTS65004: " + ServerTextTest.HOSTILE);
    CliRunner.Result r = cli.run("get-token", "-p", "web", "--port", String.valueOf(freePort()), "--timeout", "60s");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("Error: Sign-in was not completed: access_denied (AADSTS65004: ")
        .doesNotContain("\nError: forged");
    Printable.assertPrintable(r.err());
  }
}
