package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra.Fault;
import dev.entratool.testing.MemoryRuntimeDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 200 answer without a usable token (no access_token, an empty one, a lifetime missing or absurd) is refused in
 * every flow: exit 5, nothing printed on stdout, and nothing cached, so the next call asks again (or, after a failed
 * refresh, still has the token it had).
 */
class TokenAnswerTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  static final String USER_READ = "https://graph.microsoft.com/User.Read";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  MemoryRuntimeDir runtime;
  CliRunner cli;
  String client;

  /** Token answers that carry no usable token. */
  static Stream<Fault> unusableTokenAnswers() {
    return Stream.of(
        edit("no access_token", b -> b.remove("access_token")),
        edit("access_token empty", b -> b.put("access_token", "")),
        edit("access_token null", b -> b.putNull("access_token")),
        edit("access_token a number", b -> b.put("access_token", 42)),
        edit("access_token with a line break", b -> b.put("access_token", "eyJ0eXAi.eyJhdWQi\nrm -rf ~")),
        edit("no expires_in", b -> b.remove("expires_in")),
        edit("expires_in zero", b -> b.put("expires_in", 0)),
        edit("expires_in negative", b -> b.put("expires_in", -3600)),
        edit("expires_in ten years", b -> b.put("expires_in", 10L * 365 * 24 * 3600)),
        edit("expires_in not a number", b -> b.put("expires_in", "soon")),
        edit("expires_in a fraction", b -> b.put("expires_in", 3599.5)),
        Fault.answer(200, "application/json", ""),
        Fault.answer(200, "text/html", "<html><body>Welcome to the hotel Wi-Fi</body></html>"),
        Fault.answer(200, "application/json", "[\"access_token\"]"));
  }

  private static Fault edit(String label, Consumer<ObjectNode> edit) {
    return Fault.token(label, edit);
  }

  @BeforeEach
  void setUp() throws Exception {
    runtime = new MemoryRuntimeDir();
    client = fx.registerGraphApp("s3cret-value");
    cli = fx.cli(home).env("XDG_RUNTIME_DIR", runtime.path.toString());
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.entra.clearFaults();
    fx.entra.clearDeviceCodeOutcomes();
    runtime.close();
  }

  /** Runs the command with the fault queued, and checks it was refused and left the fast-path entry as it was. */
  private void assertRefused(Fault fault, String profile, String... args) throws Exception {
    String entryBefore = fastEntry(profile);
    fx.entra.failNext(fault);
    CliRunner.Result r = cli.run(args);
    assertThat(r.exitCode()).as(fault + "\n" + r).isEqualTo(5);
    assertThat(r.out()).as(fault.toString()).isEmpty();
    assertThat(r.err()).as(fault.toString())
        .contains("Error: The sign-in service at 127.0.0.1:" + fx.entra.port() + " answered without a usable token")
        .contains("Hint: ")
        .doesNotContain("✓ Token").doesNotContain("null").doesNotContain("\tat ");
    assertThat(fastEntry(profile)).as("the fast-path entry after " + fault).isEqualTo(entryBefore);
  }

  private String fastEntry(String profile) throws Exception {
    Path entry = runtime.entry(home, profile);
    return Files.exists(entry) ? Files.readString(entry) : null;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableTokenAnswers")
  void clientCredentials(Fault fault) throws Exception {
    fx.createSecretProfile(cli, "app", client, "s3cret-value", GRAPH);
    assertRefused(fault, "app", "get-token", "-p", "app");

    int requests = fx.entra.tokenRequests();
    CliRunner.Result next = cli.run("get-token", "-p", "app", "--silent");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.out()).startsWith("eyJ");
    assertThat(fx.entra.tokenRequests()).as("nothing was cached: asked again").isEqualTo(requests + 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableTokenAnswers")
  void deviceCode(Fault fault) throws Exception {
    fx.createUserProfile(cli, "user", client, USER_READ);
    assertRefused(fault, "user", "get-token", "-p", "user", "-f", "DeviceCode");

    int devicecodes = fx.entra.count("devicecode");
    CliRunner.Result next = cli.run("get-token", "-p", "user", "-f", "DeviceCode", "--silent");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.out()).startsWith("eyJ");
    assertThat(fx.entra.count("devicecode")).as("nothing was cached: signed in again").isEqualTo(devicecodes + 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableTokenAnswers")
  void refreshCommand(Fault fault) throws Exception {
    String signedIn = signIn("user");
    assertRefused(fault, "user", "refresh", "-p", "user");
    assertStillCached("user", signedIn);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableTokenAnswers")
  void silentRefreshOfGetToken(Fault fault) throws Exception {
    String signedIn = signIn("user");
    assertRefused(fault, "user", "get-token", "-p", "user", "--force");
    assertStillCached("user", signedIn);
  }

  private String signIn(String profile) {
    fx.createUserProfile(cli, profile, client, USER_READ);
    CliRunner.Result r = cli.run("get-token", "-p", profile, "--silent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  /** The sign-in's token is still the cached one: the bad answer replaced nothing. */
  private void assertStillCached(String profile, String token) {
    int requests = fx.entra.tokenRequests();
    CliRunner.Result cached = cli.env("ENTRATOOL_NO_FAST_PATH", "1").run("get-token", "-p", profile, "--silent");
    assertThat(cached.exitCode()).as(cached.toString()).isZero();
    assertThat(cached.out()).isEqualTo(token);
    assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
  }

}
