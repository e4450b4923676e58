package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Transient failures are told by the HTTP status, whatever the body: 5xx, 429 and dropped connections are tried
 * again, three tries in all, and exactly three requests reach the server; then exit 5.
 */
class TransientFailuresTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  static final String USER_READ = "https://graph.microsoft.com/User.Read";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner cli;
  String client;

  /** Answers worth trying again, in the shapes a gateway, a proxy or Entra itself gives them. */
  static Stream<Fault> transientAnswers() {
    return Stream.of(
        Fault.answer(502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><center>"
            + "<h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"),
        Fault.answer(503, "text/plain", ""),
        Fault.answer(500, "application/json", "{\"error\":\"server_error\"}"),
        Fault.answer(429, "application/json", "{\"error\":\"server_error\"}"),
        Fault.answer(504, "application/json", "not json at all"),
        Fault.status(503),
        Fault.status(429),
        Fault.dropped());
  }

  @BeforeEach
  void setUp() {
    client = fx.registerGraphApp("s3cret-value");
    cli = fx.cli(home);
    fx.createSecretProfile(cli, "app", client, "s3cret-value", GRAPH);
  }

  @AfterEach
  void tearDown() {
    fx.entra.clearFaults();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transientAnswers")
  void oneTransientFailureIsTriedAgain(Fault fault) {
    int before = fx.entra.tokenRequests();
    fx.entra.failNext(fault);
    CliRunner.Result r = cli.run("get-token", "-p", "app", "--silent");
    assertThat(r.exitCode()).as(fault + "\n" + r).isZero();
    assertThat(r.out()).startsWith("eyJ");
    assertThat(fx.entra.tokenRequests() - before).as(fault.toString()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transientAnswers")
  void threeTriesAreThreeRequestsThenExit5(Fault fault) {
    int before = fx.entra.tokenRequests();
    fx.entra.failNext(fault, fault, fault, fault);
    CliRunner.Result r = cli.run("get-token", "-p", "app");
    assertThat(r.exitCode()).as(fault + "\n" + r).isEqualTo(5);
    assertThat(fx.entra.tokenRequests() - before).as("requests that reached the server, " + fault).isEqualTo(3);
    String host = "127.0.0.1:" + fx.entra.port();
    assertThat(r.err()).as(fault.toString()).contains(fault.dropConnection()
        ? "Error: Connection to " + host + " failed"
        : "Error: The sign-in service at " + host + " is unavailable (HTTP " + fault.status() + ")")
        .contains("Hint: ").doesNotContain("invalid_json").doesNotContain("<html>").doesNotContain("\tat ");
    // the fourth fault is still queued: the next call gets it, tries again and succeeds
    assertThat(cli.run("get-token", "-p", "app", "--silent").exitCode()).isZero();
  }

  // A public client's refresh goes through MSAL's throttling cache, which would refuse the second try by itself.
  @ParameterizedTest(name = "{0}")
  @MethodSource("transientAnswers")
  void aRefreshIsTriedAgainToo(Fault fault) {
    fx.createUserProfile(cli, "user", client, USER_READ);
    assertThat(cli.run("get-token", "-p", "user", "--silent").exitCode()).isZero();
    int before = fx.entra.tokenRequests();
    fx.entra.failNext(fault);
    CliRunner.Result r = cli.run("refresh", "-p", "user");
    assertThat(r.exitCode()).as(fault + "\n" + r).isZero();
    assertThat(fx.entra.tokenRequests() - before).as(fault.toString()).isEqualTo(2);
  }

  @Test
  void theWaitsAreRetryAfterOrOneThenTwoSeconds() {
    fx.entra.failNext(Fault.answer(503, "text/html", "<html>down</html>"), Fault.status(500));
    assertThat(cli.run("get-token", "-p", "app", "--silent").exitCode()).isZero();
    assertThat(cli.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

    CliRunner again = fx.cli(home);
    fx.entra.failNext(Fault.tooManyRequests(7), Fault.answer(503, "text/plain", "").retryAfter("0"));
    assertThat(again.run("get-token", "-p", "app", "--silent", "--force").exitCode()).isZero();
    assertThat(again.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ZERO);
  }

  @Test
  void aRetryAfterBeyondTheTimeoutEndsTheCallAtOnce() {
    int before = fx.entra.tokenRequests();
    fx.entra.failNext(Fault.tooManyRequests(300));
    CliRunner.Result r = cli.run("get-token", "-p", "app", "--timeout", "30s");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.err()).contains("is unavailable (HTTP 429)");
    assertThat(fx.entra.tokenRequests() - before).isEqualTo(1);
    assertThat(cli.sleeps()).isEmpty();
  }

  @Test
  void aNegativeOrUnreadableRetryAfterIsNoRetryAfter() {
    for (String value : new String[] {"-5", "-1", "soon", "1.5", "99999999999999999999999", "",
        "Wed, 21 Oct 2015 07:28:00 GMT"}) {
      for (Fault fault : new Fault[] {Fault.status(503), Fault.status(429), Fault.answer(503, "text/plain", "")}) {
        CliRunner fresh = fx.cli(home);
        fx.entra.failNext(fault.retryAfter(value));
        CliRunner.Result r = fresh.run("get-token", "-p", "app", "--silent", "--force");
        assertThat(r.exitCode()).as(fault.retryAfter(value) + "\n" + r).isZero();
        assertThat(fresh.sleeps()).as(fault.retryAfter(value).toString()).containsExactly(Duration.ofSeconds(1));
      }
    }
  }
}
