package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.MemoryRuntimeDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher with stdout on /dev/full, where every write fails: a command whose result is lost exits 1
 * with an {@code Error:} line, on the start-up fast path and the full path, instead of exiting 0 having written
 * nothing. (Every command, in-process: MainTest; stdout on a full disk: FullDiskIT.)
 */
class StdoutErrorsIT {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  @Test
  void aResultLostOnStdoutIsAnError() throws Exception {
    try (MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      Launcher launcher = new Launcher(home).env("ENTRATOOL_CA_BUNDLE", fx.caBundle().toString())
          .env("XDG_RUNTIME_DIR", runtime.path.toString())
          .env("ENTRATOOL_EXPORT_PASSPHRASE", "correct horse battery staple");
      fx.createSecretProfiles(launcher, "sp");
      launcher.stdoutTo(Path.of("/dev/full"));
      Path classLog = home.resolve("classes.log");

      CliRunner.Result fromAuthority = launcher.run(null, "get-token", "-p", "sp", "--silent");
      assertThat(fromAuthority).isEqualTo(new CliRunner.Result(1, "", CliRunner.STDOUT_NOT_WRITTEN));
      CliRunner.Result fast = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + classLog)
          .run(null, "get-token", "-p", "sp", "--silent");
      assertThat(fast).isEqualTo(new CliRunner.Result(1, "", CliRunner.STDOUT_NOT_WRITTEN));
      assertThat(Files.readString(classLog)).as("answered on the fast path")
          .contains("dev.entratool.cli.fast.FastPath ").doesNotContain("picocli.");
      launcher.unset("ENTRATOOL_JAVA_OPTS");
      CliRunner.Result exported = launcher.run(null, "config", "export", "-p", "sp");
      assertThat(exported).isEqualTo(new CliRunner.Result(1, "", CliRunner.STDOUT_NOT_WRITTEN));
      for (String[] args : new String[][] {{"config", "list"}, {"--version"}}) {
        assertThat(launcher.run(null, args)).as(String.join(" ", args))
            .isEqualTo(new CliRunner.Result(1, "", CliRunner.STDOUT_NOT_WRITTEN));
      }
    }
  }
}
