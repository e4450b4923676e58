package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra.Fault;
import dev.entratool.testing.Printable;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a server writes reaches the terminal only as printable text: escape sequences (OSC to retitle the terminal,
 * CSI to clear or recolour it, also in their one-byte C1 form), bidi overrides and line breaks that would forge a line
 * of entratool's own are taken out, in every place server text is shown.
 */
class ServerTextTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String HOSTILE = "\u001b]0;owned\u0007\u001b[2J\u001b[31mred\u001b[0m \u009b1mbold \u202egnp.exe"
      + "\r\nError: forged line\u0008\u007f";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner cli;
  String client;

  static Stream<Fault> hostileErrors() throws Exception {
    return Stream.of(
        error(400, Map.of("error", "invalid_request", "error_description", "AADSTS900144: " + HOSTILE
            + " Trace ID: 1")),
        error(401, Map.of("error", "invalid_client", "error_description", HOSTILE)),
        error(400, Map.of("error", "bad" + HOSTILE, "error_description", "No.")),
        error(400, Map.of("error", HOSTILE)));
  }

  private static Fault error(int status, Map<String, String> body) throws Exception {
    return Fault.answer(status, "application/json", JSON.writeValueAsString(body));
  }

  @BeforeEach
  void setUp() {
    client = fx.registerGraphApp("s3cret-value");
    cli = fx.cli(home);
    fx.createSecretProfile(cli, "app", client, "s3cret-value", "https://graph.microsoft.com/.default");
  }

  @AfterEach
  void tearDown() {
    fx.entra.clearFaults();
    fx.entra.deviceCodeVerificationUri("https://microsoft.com/devicelogin");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileErrors")
  void anErrorDescriptionIsShownAsPrintableText(Fault fault) {
    for (String[] args : new String[][] {{"get-token", "-p", "app", "--force"},
        {"--verbose", "get-token", "-p", "app", "--force"}}) {
      fx.entra.failNext(fault);
      CliRunner.Result r = cli.run(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
      Printable.assertPrintable(r.err());
      assertThat(r.err()).contains("Error: ").doesNotContain("\nError: forged");
      assertThat(r.err().lines().filter(l -> l.startsWith("Error: ")).count()).isEqualTo(1);
    }
  }

  @Test
  void aDeviceCodesVerificationUriIsShownAsPrintableText() {
    fx.createUserProfile(cli, "user", client, "https://graph.microsoft.com/User.Read");
    fx.entra.deviceCodeVerificationUri("https://microsoft.com/devicelogin" + HOSTILE);
    CliRunner.Result r = cli.run("get-token", "-p", "user");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Printable.assertPrintable(r.err());
    assertThat(r.err()).contains("\n  https://microsoft.com/devicelogin]0;owned").doesNotContain("\nError: forged");
  }
}
