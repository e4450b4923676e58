package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.MountNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -o /dev/null}, {@code -o /dev/stdout} and {@code -o FIFO} run as root, the way CI containers run: the
 * packaged launcher writes through them, on the start-up fast path and the full path, for get-token and config
 * export, and they stay a device, a link and a pipe. In a private mount namespace whose /dev is a tmpfs of its own,
 * so the host's /dev is never at stake.
 */
class OutputTargetsIT {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path dir;

  @Test
  void devicesPipesAndTheProcessOwnStreamsAreWrittenThroughNeverReplaced() throws Exception {
    MountNamespace.assumeAvailable();
    Path home = dir.resolve("home");
    Path out = Files.createDirectory(dir.resolve("out"));
    fx.createSecretProfiles(new Launcher(home), "sp");

    MountNamespace.run(out, Map.of("ENTRATOOL_HOME", home.toString(), "ENTRATOOL_SECRET_STORE", "file",
        "ENTRATOOL_CA_BUNDLE", fx.caBundle().toString(), "XDG_RUNTIME_DIR", "/dev/run",
        "ENTRATOOL_EXPORT_PASSPHRASE", "correct horse battery staple"), MountNamespace.PRIVATE_DEV + """
        # the session's runtime directory, in memory, where the fast path finds the token: a mount of its own, as
        # the JDK names the file system of /dev after the first mount there (the host's)
        mkdir /dev/run
        mount -t tmpfs -o mode=0700,size=1m entratool-test-run /dev/run
        mkfifo /dev/pipe
        entratool_to first get-token -p sp --silent
        for mode in fast full; do
          if [ $mode = full ]; then export ENTRATOOL_NO_FAST_PATH=1; fi
          entratool_to null-$mode get-token -p sp -o /dev/null
          entratool_to stdout-$mode get-token -p sp -o /dev/stdout
          "$ENTRATOOL" get-token -p sp --silent -o /dev/stdout | cat >"$OUT/piped-$mode"
          (timeout 20 cat /dev/pipe >"$OUT/pipe-$mode.read" || true) &
          entratool_to pipe-$mode get-token -p sp -o /dev/pipe
          wait
        done
        entratool_to export-null config export -p sp -o /dev/null
        entratool_to export-stdout config export -p sp -o /dev/stdout
        (timeout 20 cat /dev/pipe >"$OUT/export-pipe.read" || true) &
        entratool_to export-pipe config export -p sp -o /dev/pipe
        wait
        stat -c '%n %F %t:%T' /dev/null /dev/stdout /dev/pipe >"$OUT/after"
        """);

    CliRunner.Result first = MountNamespace.saved(out, "first");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    String token = first.out();
    assertThat(token).startsWith("eyJ");
    for (String mode : new String[] {"fast", "full"}) {
      CliRunner.Result toNull = MountNamespace.saved(out, "null-" + mode);
      assertThat(toNull).as(mode).isEqualTo(new CliRunner.Result(0, "", "Authenticating with profile 'sp'...\n"
          + "✓ Token acquired successfully\n✓ Token saved to /dev/null\n"));
      CliRunner.Result toStdout = MountNamespace.saved(out, "stdout-" + mode);
      assertThat(toStdout).as(mode + ": stdout redirected to a file").isEqualTo(new CliRunner.Result(0, token,
          "Authenticating with profile 'sp'...\n✓ Token acquired successfully\n✓ Token saved to /dev/stdout\n"));
      assertThat(Files.readString(out.resolve("piped-" + mode))).as(mode + ": stdout a pipe").isEqualTo(token);
      CliRunner.Result toPipe = MountNamespace.saved(out, "pipe-" + mode);
      assertThat(toPipe.exitCode()).as(toPipe.toString()).isZero();
      assertThat(Files.readString(out.resolve("pipe-" + mode + ".read"))).as(mode).isEqualTo(token);
    }
    for (String fast : new String[] {"null-fast", "stdout-fast", "pipe-fast"}) {
      assertThat(MountNamespace.classes(out, fast)).as(fast + ": answered on the fast path")
          .contains("dev.entratool.cli.fast.FastPath ").doesNotContain("picocli.");
    }
    assertThat(MountNamespace.saved(out, "export-null").exitCode()).isZero();
    CliRunner.Result exported = MountNamespace.saved(out, "export-stdout");
    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    assertThat(exported.out()).startsWith("-----BEGIN ENTRATOOL PROFILES-----");
    assertThat(MountNamespace.saved(out, "export-pipe").exitCode()).isZero();
    assertThat(Files.readString(out.resolve("export-pipe.read"))).startsWith("-----BEGIN ENTRATOOL PROFILES-----");

    assertThat(Files.readString(out.resolve("after"))).isEqualTo("/dev/null character special file 1:3\n"
        + "/dev/stdout symbolic link 0:0\n/dev/pipe fifo 0:0\n");
  }
}
