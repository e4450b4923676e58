package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.AtomicWriteVictim;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 while a file is being replaced leaves a complete old or new file, never a torn one. */
class AtomicWriteIT {
  @TempDir Path dir;

  @Test
  void killedWriterNeverLeavesATornFile() throws Exception {
    Path file = dir.resolve("profiles.json");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int round = 0; round < 5; round++) {
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          AtomicWriteVictim.class.getName(), file.toString(), "2000000").redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
        assertThat(r.readLine()).isEqualTo("started");
        Thread.sleep(ThreadLocalRandom.current().nextInt(20, 200)); // lands the kill at a random point of a write
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      String content = Files.readString(file);
      int bar = content.lastIndexOf('|');
      assertThat(bar).as("round %d", round).isEqualTo(2_000_000);
      assertThat(content).endsWith("|2000000\n");
      assertThat(content.chars().limit(bar).distinct().count()).isEqualTo(1);
    }
  }
}
