package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.Launcher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config import} from an endless source, as a process with a small heap: one error line and exit 3, never an
 * out-of-memory stack trace, since no more than a bundle's limit is ever held.
 */
class BoundedInputIT {
  @TempDir Path home;

  @Test
  void importFromDevZeroEndsInOneErrorWithASmallHeap() throws Exception {
    Launcher launcher = new Launcher(home).env("ENTRATOOL_EXPORT_PASSPHRASE", "a long shared passphrase")
        .env("JAVA_OPTS", "-Xmx64m");
    CliRunner.Result fromFile = launcher.run(null, "config", "import", "-i", "/dev/zero");
    CliRunner.Result fromStdin = launcher.runWithStdinFrom(Path.of("/dev/zero"), "config", "import");
    for (CliRunner.Result r : new CliRunner.Result[] {fromFile, fromStdin}) {
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("Error: This is not an entratool profile bundle: it goes on past 8 MiB, and a "
          + "bundle is never larger\nHint: Give the file written by 'entratool config export'\n");
    }
  }
}
