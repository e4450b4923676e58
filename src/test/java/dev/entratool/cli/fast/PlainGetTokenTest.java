package dev.entratool.cli.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.auth.TokenQuery;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Terminal;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra.Fault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain get-token the front end has read but the session tier cannot answer (nothing cached there, or --force)
 * runs on the domain without the command line, and says exactly what the command line says, on success and failure.
 */
class PlainGetTokenTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  static final Fault INVALID_SECRET = Fault.answer(401, "application/json", "{\"error\":\"invalid_client\","
      + "\"error_description\":\"AADSTS7000215: Invalid client secret provided.\",\"error_codes\":[7000215]}");
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner front;
  CliRunner full;

  @BeforeEach
  void profile() {
    String client = fx.registerSecretApp("plain-secret");
    front = fx.cli(home);
    fx.createSecretProfile(front, "ci", client, "plain-secret", GRAPH);
    full = fx.cli(home).env("ENTRATOOL_NO_FAST_PATH", "1");
  }

  private FastPath.Answer answer(String... args) {
    return FastPath.answer(args, Environment.of(front.environment()), Clock.systemUTC(), new Terminal(false, false), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  @Test
  void theFrontEndHandsOverWhatItReadAndNothingElse() {
    FastPath.Answer miss = answer("get-token", "-p", "ci", "--force", "--silent", "--tenant",
        "fabrikam.onmicrosoft.com", "--min-validity", "30", "-o", home.resolve("t.txt").toString());
    assertThat(miss.code()).isEqualTo(FastPath.NOT_HANDLED);
    assertThat(miss.getToken()).isEqualTo(new FastPath.PlainGetToken(new TokenQuery("ci", null, null, 30, true,
        "fabrikam.onmicrosoft.com", null, null), true, home.resolve("t.txt"), false));
    assertThat(answer("get-token", "-p", "ci", "--exec-credential").getToken().execCredential()).isTrue();
    assertThat(answer("get-token", "-p", "ci", "--json")).as("an option it does not read: the command line")
        .isEqualTo(FastPath.Answer.NONE);
    assertThat(answer("get-token", "-p", "ci", "--min-validity", "-1")).as("what the command line must report")
        .isEqualTo(FastPath.Answer.NONE);
    assertThat(answer("get-token", "-p", "ci", "--verbose")).isEqualTo(FastPath.Answer.NONE);
  }

  @Test
  void aMissAndAForcedCallPrintWhatTheCommandLinePrints() throws Exception {
    int requests = fx.entra.tokenRequests();
    Result first = front.run("get-token", "-p", "ci");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.err()).isEqualTo("Authenticating with profile 'ci'...\n✓ Token acquired successfully\n");
    assertThat(fx.entra.tokenRequests()).isEqualTo(requests + 1);
    assertThat(full.run("get-token", "-p", "ci")).as("cached by the front end's run").isEqualTo(first);
    assertThat(front.run("get-token", "-p", "ci")).as("the encrypted tier answers").isEqualTo(first);
    assertThat(fx.entra.tokenRequests()).isEqualTo(requests + 1);

    Result forced = front.run("get-token", "-p", "ci", "--force");
    Result forcedFull = full.run("get-token", "-p", "ci", "--force");
    assertThat(fx.entra.tokenRequests()).isEqualTo(requests + 3);
    assertThat(forced.out()).matches("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+\n");
    assertThat(new Result(forced.exitCode(), "", forced.err()))
        .isEqualTo(new Result(forcedFull.exitCode(), "", forcedFull.err())).isEqualTo(new Result(0, "", first.err()));

    Path file = home.resolve("token.txt");
    Path fileFull = home.resolve("token-full.txt");
    Result toFile = front.run("get-token", "-p", "ci", "--force", "-o", file.toString());
    Result toFileFull = full.run("get-token", "-p", "ci", "--force", "-o", fileFull.toString());
    assertThat(toFile.toString().replace(file.toString(), "FILE"))
        .isEqualTo(toFileFull.toString().replace(fileFull.toString(), "FILE"));
    assertThat(toFile.out()).isEmpty();
    assertThat(Files.readString(file)).matches("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+\n?");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(front.run("get-token", "-p", "ci", "--force", "--silent").err()).isEmpty();

    Result exec = front.run("get-token", "-p", "ci", "--force", "--exec-credential");
    assertThat(exec.out()).contains("\"kind\": \"ExecCredential\"");
    assertThat(exec.toString().replaceAll("eyJ[\\w.-]+", "JWT").replaceAll("\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z", "TIME"))
        .isEqualTo(full.run("get-token", "-p", "ci", "--force", "--exec-credential").toString()
            .replaceAll("eyJ[\\w.-]+", "JWT").replaceAll("\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z", "TIME"));
  }

  @Test
  void failuresAreReportedAsTheCommandLineReportsThem() {
    for (String[] call : new String[][] {
        {"get-token", "-p", "nobody"},
        {"get-token", "-p", "ci", "-f", "DeviceCode", "--scope", "nope"},
        {"get-token", "-p", "ci", "-f", "Sideways"},
        {"get-token", "-p", "ci", "--force", "-o", home.toString()}}) {
      Result fast = front.run(call);
      assertThat(fast.exitCode()).as(String.join(" ", call)).isNotZero();
      assertThat(fast.err()).as(String.join(" ", call)).containsPattern("(?m)^Error: ");
      assertThat(fast).as(String.join(" ", call)).isEqualTo(full.run(call));
    }
    // a usage error with no hint of its own points at the command's help, whichever way it ran
    for (String[] call : new String[][] {
        {"get-token", "-p", "ci", "--scope", "https://graph.microsoft.com/"},
        {"get-token", "-p", "ci", "--port", "0"}}) {
      Result fast = front.run(call);
      assertThat(fast.exitCode()).as(String.join(" ", call)).isEqualTo(2);
      assertThat(fast.err()).as(String.join(" ", call))
          .endsWith("\nHint: Run 'entratool get-token --help' for usage\n");
      assertThat(fast).isEqualTo(full.run(call));
    }
    // the authority says no: exit 4 with its AADSTS code, once each way
    fx.entra.failNext(INVALID_SECRET);
    Result rejected = front.run("get-token", "-p", "ci", "--force");
    fx.entra.failNext(INVALID_SECRET);
    assertThat(rejected).isEqualTo(full.run("get-token", "-p", "ci", "--force"));
    assertThat(rejected.exitCode()).isEqualTo(4);
    assertThat(rejected.err()).contains("AADSTS7000215").doesNotContain("plain-secret").doesNotContain("\tat ");
  }
}
