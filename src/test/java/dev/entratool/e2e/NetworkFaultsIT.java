package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra.Fault;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.Printable;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged bin/entratool against an unlucky or hostile sign-in service: what the in-process tests check, here in
 * the JVM the launcher starts (where Main's settings of the JDK's HTTP client apply). Waits are Retry-After: 0.
 */
class NetworkFaultsIT {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  String client;

  private Launcher launcher() {
    return new Launcher(home).env("ENTRATOOL_CA_BUNDLE", fx.caBundle().toString());
  }

  @BeforeEach
  void profile() throws Exception {
    client = fx.registerGraphApp("s3cret-value");
    CliRunner.Result r = launcher().run("s3cret-value\n", "config", "create", "--name", "app", "--tenant",
        "contoso.onmicrosoft.com", "--client-id", client, "--scopes", "https://graph.microsoft.com/.default",
        "--authority-host", fx.entra.authorityHost(), "--secret-stdin");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @AfterEach
  void clearFaults() {
    fx.entra.clearFaults();
  }

  @Test
  void threeTriesAreThreeRequestsEvenWhenTheLastConnectionDrops() throws Exception {
    int before = fx.entra.tokenRequests();
    Fault busy = Fault.answer(502, "text/html", "<html><body>Bad Gateway</body></html>").retryAfter("0");
    fx.entra.failNext(busy, busy, Fault.dropped());
    CliRunner.Result r = launcher().run(null, "get-token", "-p", "app", "--force");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.err()).contains("Error: Connection to 127.0.0.1:" + fx.entra.port() + " failed");
    assertThat(fx.entra.tokenRequests() - before).as("the JDK sent no request again by itself").isEqualTo(3);
  }

  @Test
  void anHtmlGatewayErrorIsTriedAgain() throws Exception {
    int before = fx.entra.tokenRequests();
    fx.entra.failNext(Fault.answer(503, "text/html", "<html>Service Unavailable</html>").retryAfter("0"));
    CliRunner.Result r = launcher().run(null, "get-token", "-p", "app", "--silent", "--force");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("eyJ");
    assertThat(fx.entra.tokenRequests() - before).isEqualTo(2);
  }

  @Test
  void aTokenAnswerWithoutATokenIsRefusedAndNotCached() throws Exception {
    fx.entra.failNext(Fault.token("no access_token", b -> b.remove("access_token")));
    CliRunner.Result r = launcher().run(null, "get-token", "-p", "app");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("answered without a usable token: no access_token").doesNotContain("✓");

    int before = fx.entra.tokenRequests();
    CliRunner.Result next = launcher().run(null, "get-token", "-p", "app", "--silent");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.out()).startsWith("eyJ");
    assertThat(fx.entra.tokenRequests() - before).isEqualTo(1);
  }

  @Test
  void aProxyVariableThatIsNoUrlIsAUsageError() throws Exception {
    CliRunner.Result r = launcher().env("HTTPS_PROXY", "::not a url::").run(null, "get-token", "-p", "app");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("Error: HTTPS_PROXY is not a proxy URL").doesNotContain("\tat ");
  }

  @Test
  void aServersEscapeSequencesDoNotReachTheTerminal() throws Exception {
    fx.entra.failNext(Fault.answer(400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":"
        + "\"AADSTS900144: \\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202e red\\r\\nError: forged\"}"));
    CliRunner.Result r = launcher().run(null, "get-token", "-p", "app", "--force");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("Error: AADSTS900144: ").doesNotContain("\nError: forged");
    Printable.assertPrintable(r.err());
  }
}
