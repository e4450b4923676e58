package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.KeyringTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/try.sh, the first run without a tenant: every step works, and nothing is left behind or touched. */
class TryScriptIT {
  @TempDir Path dir;

  @Test
  void runsGetTokenInspectAndDiscoverAgainstTheEmulatorAndLeavesNothingBehind() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path home = Files.createDirectories(dir.resolve("home"));
    Path runtime = Files.createDirectories(dir.resolve("run"));
    ProcessBuilder pb = new ProcessBuilder("scripts/try.sh").redirectErrorStream(true);
    pb.environment().put("TMPDIR", tmp.toString());
    pb.environment().put("HOME", home.toString()); // where ~/.entratool and ~/.m2 defaults would go
    pb.environment().put("MAVEN_OPTS", "-Dmaven.repo.local=" + Path.of(System.getProperty("user.home"), ".m2",
        "repository"));
    pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
    pb.environment().put("ENTRATOOL_HOME", home.resolve("my-real-home").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    assertThat(out).contains("==> Starting the Entra ID emulator on 127.0.0.1")
        .contains("==> Getting a token").contains("✓ Token saved to ")
        .contains("(token requests the emulator has served: 1)\n\n==> Again: served from the cache")
        .contains("\"tokenType\" : \"Bearer\"")
        .contains("==> Inspecting the token").contains("\"aud\": \"https://graph.microsoft.com\"")
        .contains("==> Discovering").contains("✓ Token valid for ")
        .doesNotContain("Error:");
    assertThat(out.indexOf("(token requests the emulator has served: 1)"))
        .as("the second get-token came from the cache")
        .isNotEqualTo(out.lastIndexOf("(token requests the emulator has served: 1)"));

    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as("its temporary folder is gone").isEmpty();
    }
    try (Stream<Path> left = Files.list(home)) {
      assertThat(left.map(Path::getFileName).map(Path::toString)).as("neither ENTRATOOL_HOME nor ~/.entratool")
          .doesNotContain("my-real-home", ".entratool");
    }
    try (Stream<Path> left = Files.list(runtime)) {
      assertThat(left).as("the runtime directory was not used").isEmpty();
    }
    assertThat(ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse(""))
        .filter(c -> c.contains(tmp.toString()))).as("the emulator stopped").isEmpty();
    if ("1".equals(System.getenv("ENTRATOOL_TEST_KEYRING"))) {
      assertThat(KeyringTestSupport.secretToolLookup("try-graph:client-secret")).as("the keyring").isNull();
    }
  }
}
