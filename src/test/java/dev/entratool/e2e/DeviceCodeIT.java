package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.Launcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Device Code through bin/entratool: the sign-in block on stderr, and Ctrl-C while waiting. */
class DeviceCodeIT {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  static String javaOpts;
  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    Path trust = fx.pki.writeTrustStore(fx.dir().resolve("trust.p12"), "changeit");
    javaOpts = "-Djavax.net.ssl.trustStore=" + trust + " -Djavax.net.ssl.trustStorePassword=changeit";
  }

  private Launcher launcher() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).publicClient().allow("https://graph.microsoft.com", "User.Read");
    Launcher l = new Launcher(home).env("JAVA_OPTS", javaOpts);
    CliRunner.Result r = l.run(null, "config", "create", "--name", "iot-device", "--tenant", FakeEntra.TENANT_ID,
        "--client-id", client, "--scopes", "https://graph.microsoft.com/User.Read", "--auth-method", "None",
        "--default-flow", "DeviceCode", "--authority-host", fx.entra.authorityHost());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return l;
  }

  @Test
  void signInThenTokenOnStdout() throws Exception {
    Launcher l = launcher();
    fx.entra.deviceCodeOutcomes("pending", "approve");
    CliRunner.Result r = l.run(null, "get-token", "-p", "iot-device", "-f", "DeviceCode");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Device Code Authentication\nTo sign in, use a web browser to open:\n"
        + "  https://microsoft.com/devicelogin\nand enter the code: ")
        .contains("\n\nWaiting for authentication...\n✓ Token acquired successfully\n");
    assertThat(r.out()).startsWith("eyJ").endsWith("\n");
  }

  @Test
  void ctrlCWhileWaitingExits130WithoutAStackTrace() throws Exception {
    Launcher l = launcher();
    fx.entra.deviceCodeInterval(1);
    fx.entra.deviceCodeOutcomes("pending", "pending", "pending", "pending", "pending", "pending", "pending",
        "pending", "pending", "pending");
    Process p = l.start("get-token", "-p", "iot-device");
    try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null && !line.startsWith("Waiting for authentication")) {
        // read up to the waiting line
      }
      assertThat(line).startsWith("Waiting for authentication");
      new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      StringBuilder rest = new StringBuilder();
      while ((line = err.readLine()) != null) {
        rest.append(line).append('\n');
      }
      assertThat(p.exitValue()).isEqualTo(130);
      assertThat(rest.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    fx.entra.clearDeviceCodeOutcomes(); // leave no queued answers for the next test
  }
}
