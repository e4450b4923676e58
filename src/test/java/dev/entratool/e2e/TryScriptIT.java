package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.KeyringTestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
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
    pb.environment().remove("ENTRATOOL_SHM_DIR"); // the user's default: the memory file system /dev/shm
    List<Path> inMemoryBefore = tokensInDevShm();
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    assertThat(out).contains("==> Starting the Entra ID emulator on 127.0.0.1")
        .contains("==> Getting a token").contains("✓ Token saved to ")
        .contains("(token requests the emulator has served: 1)\n\n==> Again: served from the cache")
        .contains("\"tokenType\": \"Bearer\"")
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
    assertThat(tokensInDevShm()).as("no access token left in /dev/shm").isEqualTo(inMemoryBefore);
    assertThat(ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse(""))
        .filter(c -> c.contains(tmp.toString()))).as("the emulator stopped").isEmpty();
    if ("1".equals(System.getenv("ENTRATOOL_TEST_KEYRING"))) {
      assertThat(KeyringTestSupport.secretToolLookup("try-graph:client-secret")).as("the keyring").isNull();
    }
  }

  /** The session tier's entries for try.sh's profile in /dev/shm (entratool-UID/HOMEID/try-graph.access-token). */
  private static List<Path> tokensInDevShm() throws Exception {
    Path shm = Path.of("/dev/shm");
    if (!Files.isDirectory(shm)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(shm, Set.of(), 3, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (file.getFileName().toString().equals("try-graph.access-token")) {
          found.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException unreadable) {
        return FileVisitResult.CONTINUE; // another user's folder: not ours to look at
      }
    });
    Collections.sort(found);
    return found;
  }
}
