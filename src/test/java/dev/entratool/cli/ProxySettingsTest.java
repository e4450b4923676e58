package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.ConnectProxy;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.Printable;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A proxy variable that is not a proxy URL is a usage error naming the variable (never its value, which may hold a
 * password); a failure on the way through the proxy names the proxy, never its credentials.
 */
class ProxySettingsTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner cli;

  @BeforeEach
  void profile() {
    String client = fx.registerSecretApp("s3cret-value");
    cli = fx.cli(home);
    fx.createSecretProfile(cli, "app", client, "s3cret-value", GRAPH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"::not a url::", "http://proxy corp:8080", "http://:8080", "http://proxy:99999",
      "http://proxy:port", "socks5://proxy:1080", "http://us er:hunter2@proxy:3128", "http://[::1:3128"})
  void aProxyVariableThatIsNoProxyUrlIsAUsageErrorNamingIt(String value) {
    for (String variable : new String[] {"HTTPS_PROXY", "https_proxy"}) {
      int requests = fx.entra.tokenRequests();
      CliRunner.Result r = fx.cli(home).env(variable, value).run("get-token", "-p", "app", "--force");
      assertThat(r.exitCode()).as(variable + "=" + value + "\n" + r).isEqualTo(2);
      assertThat(r.err()).contains("Error: " + variable
          + " is not a proxy URL (").contains("\nHint: Set " + variable + " to http://host:port, or unset it\n")
          .doesNotContain("hunter2").doesNotContain("\tat ");
      assertThat(r.out()).isEmpty();
      assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
    }
  }

  @Test
  void aProxyThatCannotBeReachedIsNamedWithoutItsCredentials() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    CliRunner.Result r = cli.env("HTTPS_PROXY", "http://alice:hunter2@127.0.0.1:" + closedPort)
        .run("get-token", "-p", "app", "--force");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.err()).contains("Error: Cannot connect to the proxy 127.0.0.1:" + closedPort + " (")
        .contains("Hint: Check HTTPS_PROXY (or put 127.0.0.1 in NO_PROXY to go direct)")
        .doesNotContain("hunter2").doesNotContain("alice").doesNotContain(":" + fx.entra.port());
  }

  @Test
  void aProxyHostThatDoesNotResolveIsNamed() {
    CliRunner.Result r = cli.env("HTTPS_PROXY", "proxy.no-such-host.invalid:3128")
        .run("get-token", "-p", "app", "--force");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.err()).contains("Error: Cannot resolve the proxy host proxy.no-such-host.invalid (DNS lookup failed)")
        .doesNotContain(":" + fx.entra.port());
  }

  @Test
  void aProxyThatRefusesTheTunnelIsNamedWithItsAnswer() throws Exception {
    for (String refusal : new String[] {"HTTP/1.1 407 Proxy Authentication Required", "HTTP/1.1 403 Forbidden",
        "HTTP/1.1 502 Bad \u001b[31mGateway\u001b]0;owned\u0007"}) {
      try (ConnectProxy proxy = ConnectProxy.refusing(refusal)) {
        int requests = fx.entra.tokenRequests();
        CliRunner.Result r = fx.cli(home).env("HTTPS_PROXY", "http://bob:hunter2@127.0.0.1:" + proxy.port())
            .run("get-token", "-p", "app", "--force");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("Error: The proxy 127.0.0.1:" + proxy.port() + " did not open a connection to "
            + "127.0.0.1:" + fx.entra.port() + " (Unable to tunnel through proxy. Proxy returns \""
            + refusal.substring(0, 12)).doesNotContain("hunter2");
        Printable.assertPrintable(r.err());
        assertThat(proxy.tunnels()).as("not tried again: a refusal is no transient failure").hasSize(1);
        assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
      }
    }
  }
}
