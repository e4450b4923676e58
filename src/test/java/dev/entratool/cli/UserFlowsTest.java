package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Device Code sign-in, the cache and silent refresh for user flows, and the refresh command. */
class UserFlowsTest {
  static final String USER_READ = "https://graph.microsoft.com/User.Read";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner cli;
  String client;

  @BeforeEach
  void profile() {
    client = EntraFixture.newClientId();
    fx.entra.registerApp(client).publicClient().allow("https://graph.microsoft.com", "User.Read", "Mail.Read");
    cli = fx.cli(home);
    CliRunner.Result r = cli.run("config", "create", "--name", "headless-server", "--tenant", FakeEntra.TENANT_DOMAIN,
        "--client-id", client, "--scopes", USER_READ, "--auth-method", "None", "--default-flow", "DeviceCode",
        "--authority-host", fx.entra.authorityHost());
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  static JsonNode claims(String jwt) throws Exception {
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.trim().split("\\.")[1]));
  }

  @Test
  void deviceCodeShowsTheUserGuideBlockAndPolls() throws Exception {
    fx.entra.deviceCodeOutcomes("pending", "approve");
    CliRunner.Result r = cli.run("get-token", "-p", "headless-server", "-f", "DeviceCode");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    // the first secret written (the cache key) also creates the file vault, which says so once: not part of the block
    String err = r.err().replaceAll("(?m)^Secrets are stored in encrypted file .*\n", "");
    assertThat(err).matches("Authenticating with profile 'headless-server'\\.\\.\\.\n"
        + "Device Code Authentication\n"
        + "To sign in, use a web browser to open:\n"
        + "  https://microsoft\\.com/devicelogin\n"
        + "and enter the code: [A-Z]{4}-\\d{4}\n"
        + "\n"
        + "Waiting for authentication\\.\\.\\.\n"
        + "✓ Token acquired successfully\n");
    JsonNode c = claims(r.out());
    assertThat(c.path("scp").asText()).isEqualTo("User.Read");
    assertThat(c.path("upn").asText()).isEqualTo(FakeEntra.USER_NAME);
    // offline_access (and openid profile) were asked for, so a refresh token is cached
    assertThat(fx.entra.lastTokenRequest().get("grant_type")).isIn("device_code",
        "urn:ietf:params:oauth:grant-type:device_code");
  }

  @Test
  void laterCallsUseTheCacheThenRefreshSilently() throws Exception {
    String first = cli.run("get-token", "-p", "headless-server", "--silent").out();
    int devicecodes = fx.entra.count("devicecode");
    int tokens = fx.entra.tokenRequests();

    CliRunner.Result cached = cli.run("get-token", "-p", "headless-server", "--silent");
    assertThat(cached.out()).isEqualTo(first);
    assertThat(fx.entra.tokenRequests()).isEqualTo(tokens);

    // --force: no device code again, the refresh token is used
    CliRunner.Result forced = cli.run("get-token", "-p", "headless-server", "--force");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(forced.err()).doesNotContain("Device Code Authentication");
    assertThat(fx.entra.lastTokenRequest().get("grant_type")).isEqualTo("refresh_token");
    assertThat(fx.entra.count("devicecode")).isEqualTo(devicecodes);

    // another scope of the same resource: silently, with the refresh token
    CliRunner.Result mail = cli.run("get-token", "-p", "headless-server", "--scope",
        "https://graph.microsoft.com/Mail.Read", "--silent");
    assertThat(mail.exitCode()).as(mail.toString()).isZero();
    assertThat(claims(mail.out()).path("scp").asText()).isEqualTo("Mail.Read");
    assertThat(fx.entra.count("devicecode")).isEqualTo(devicecodes);
  }

  /**
   * A profile is one user: the one who signed in last. Another person signing in (here for a claims challenge, which
   * no refresh can answer) replaces the first one's account and tokens, so neither a refresh nor a cached token can
   * answer for the wrong user.
   */
  @Test
  void aNewSignInByAnotherUserReplacesTheFirstInTheProfile() throws Exception {
    CliRunner.Result ada = cli.run("get-token", "-p", "headless-server", "--silent");
    assertThat(claims(ada.out()).path("upn").asText()).isEqualTo(FakeEntra.USER_NAME);

    fx.entra.signInsBy("grace");
    CliRunner.Result grace = cli.run("get-token", "-p", "headless-server", "--silent", "--claims",
        "{\"access_token\":{\"acrs\":{\"essential\":true,\"value\":\"c1\"}}}");
    assertThat(grace.exitCode()).as(grace.toString()).isZero();
    assertThat(claims(grace.out()).path("oid").asText()).isEqualTo(FakeEntra.objectIdOf("grace"));

    for (int i = 0; i < 3; i++) {
      CliRunner.Result refreshed = cli.run("refresh", "-p", "headless-server", "--silent");
      assertThat(refreshed.exitCode()).as(refreshed.toString()).isZero();
      assertThat(claims(refreshed.out()).path("oid").asText()).as("refresh %d", i)
          .isEqualTo(FakeEntra.objectIdOf("grace"));
    }
    CliRunner.Result other = cli.run("get-token", "-p", "headless-server", "--silent", "--scope",
        "https://graph.microsoft.com/Mail.Read");
    assertThat(other.exitCode()).as(other.toString()).isZero();
    assertThat(claims(other.out()).path("oid").asText()).as("another scope, silently")
        .isEqualTo(FakeEntra.objectIdOf("grace"));
  }

  @Test
  void refreshRotatesTheRefreshToken() throws Exception {
    cli.run("get-token", "-p", "headless-server", "--silent");
    String before = fx.entra.lastTokenRequest().get("grant_type");
    assertThat(before).contains("device_code");
    CliRunner.Result r = cli.run("refresh", "-p", "headless-server");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("Refreshing token for profile 'headless-server'...\n"
        + "✓ Token refreshed successfully\n");
    assertThat(r.out()).startsWith("eyJ");
    assertThat(fx.entra.lastTokenRequest().get("grant_type")).isEqualTo("refresh_token");
    String usedRefreshToken = fx.entra.lastTokenRequest().get("refresh_token");

    CliRunner.Result again = cli.run("refresh", "-p", "headless-server", "--json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("\"tokenType\": \"Bearer\"");
    assertThat(fx.entra.lastTokenRequest().get("refresh_token")).as("the rotated one was stored and used")
        .isNotEqualTo(usedRefreshToken);
  }

  @Test
  void refreshWithoutASignInExits8() {
    CliRunner.Result r = cli.run("refresh", "-p", "headless-server");
    assertThat(r.exitCode()).isEqualTo(8);
    assertThat(r.err()).isEqualTo("Refreshing token for profile 'headless-server'...\n"
        + "Error: No refresh token cached for profile 'headless-server'\n"
        + "Hint: Sign in first: entratool get-token -p headless-server -f DeviceCode (or -f InteractiveBrowser)\n");
    CliRunner.Result other = cli.run("refresh", "-p", "headless-server", "--tenant", "woodgrove.onmicrosoft.com");
    assertThat(other.exitCode()).isEqualTo(8);
    assertThat(other.err()).as("the sign-in for that tenant").endsWith("Hint: Sign in first: entratool get-token "
        + "-p headless-server --tenant woodgrove.onmicrosoft.com -f DeviceCode (or -f InteractiveBrowser)\n");
  }

  @Test
  void revokedRefreshTokenExits4WithSignInAgain() {
    cli.run("get-token", "-p", "headless-server", "--silent");
    fx.entra.revokeRefreshTokens();
    CliRunner.Result r = cli.run("refresh", "-p", "headless-server");
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("AADSTS700082: The refresh token has expired due to inactivity.")
        .contains("Hint: ").contains("sign in again");
  }

  @Test
  void refreshOfAClientCredentialsProfileGetsANewToken() {
    String app = EntraFixture.newClientId();
    fx.entra.registerApp(app).secret("s").allow("https://graph.microsoft.com", "x");
    fx.createSecretProfile(cli, "sp", app, "s", "https://graph.microsoft.com/.default");
    CliRunner.Result r = cli.run("refresh", "-p", "sp");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("Client Credentials has no refresh token: getting a new token for profile 'sp' "
        + "instead...\n✓ Token acquired successfully\n");
  }

  @Test
  void slowDownBacksOffAndStillSucceeds() {
    fx.entra.deviceCodeOutcomes("slow_down", "slow_down", "approve");
    CliRunner.Result r = cli.run("get-token", "-p", "headless-server", "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("eyJ");
    assertThat(cli.sleeps()).as("5 s more after each slow_down").containsExactly(java.time.Duration.ofSeconds(5),
        java.time.Duration.ofSeconds(10));
  }

  @Test
  void expiredDeviceCodeExits6() {
    fx.entra.deviceCodeOutcomes("pending", "expired");
    CliRunner.Result r = cli.run("get-token", "-p", "headless-server");
    assertThat(r.exitCode()).isEqualTo(6);
    assertThat(r.err()).contains("Error: The device code expired before the sign-in was completed");
  }

  @Test
  void declinedSignInExits4() {
    fx.entra.deviceCodeOutcomes("declined");
    CliRunner.Result r = cli.run("get-token", "-p", "headless-server");
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("Error: The sign-in was declined");
  }

  @Test
  void noSignInWithinTheTimeoutExits6() {
    fx.entra.deviceCodeOutcomes("pending", "pending", "pending", "pending", "pending");
    CliRunner.Result r = cli.run("get-token", "-p", "headless-server", "--timeout", "2s");
    assertThat(r.exitCode()).isEqualTo(6);
    assertThat(r.err()).contains("Error: Sign-in was not completed within 2 seconds");
  }

  @Test
  void deviceCodeInstructionsShowEvenWhenSilent() {
    CliRunner.Result r = cli.run("get-token", "-p", "headless-server", "--silent");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err().replaceAll("(?m)^Secrets are stored in encrypted file .*\n", ""))
        .startsWith("Device Code Authentication\n").doesNotContain("Waiting")
        .doesNotContain("✓");
  }

  @Test
  void authorizationCodeNeedsAConfidentialProfile() {
    CliRunner.Result r = cli.run("get-token", "-p", "headless-server", "-f", "AuthorizationCode");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Error: AuthorizationCode is for web-app registrations with a client secret or "
        + "certificate, but profile 'headless-server' is a public client")
        .contains("Hint: Use -f InteractiveBrowser (or -f DeviceCode) for a public client");
  }

  @Test
  void onATerminalTheWaitShowsALiveTimer() {
    fx.entra.deviceCodeOutcomes("pending", "approve");
    CliRunner.Result r = fx.cli(home).stderrTerminal(true).run("get-token", "-p", "headless-server");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("\rWaiting for authentication... | 0s ").contains("s \n✓ Token acquired successfully\n")
        .doesNotContain("Waiting for authentication...\n");
  }

  @Test
  void interactiveBrowserThatNeverComesBackTimesOutWithTheDeviceCodeHint() throws Exception {
    java.nio.file.Path opener = home.resolve("silent-browser.sh");
    java.nio.file.Files.writeString(opener, "#!/bin/sh\nexit 0\n"); // "opens" and never signs in
    java.nio.file.Files.setPosixFilePermissions(opener, java.nio.file.attribute.PosixFilePermissions.fromString(
        "rwx------"));
    CliRunner.Result r = fx.cli(home).env("BROWSER", opener.toString())
        .run("get-token", "-p", "headless-server", "-f", "InteractiveBrowser", "--timeout", "2s");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    assertThat(r.err()).contains("Opening browser for authentication...\n")
        .contains("Error: Browser did not respond within 2 seconds\n")
        .contains("Hint: Try the Device Code flow instead: entratool get-token -p headless-server -f DeviceCode");
  }
}
