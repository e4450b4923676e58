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
 * The packaged launcher with ENTRATOOL_HOME on a full disk (a small tmpfs, filled, in a private mount namespace): a
 * token fetched from the authority is still printed, with a warning that it could not be cached; a result sent to a
 * file on that disk, by {@code >} or {@code -o}, fails with exit 1 and an {@code Error:} line, never a success.
 */
class FullDiskIT {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path dir;

  @Test
  void onAFullDiskTokensAreStillHandedOverAndFailedWritesAreErrors() throws Exception {
    MountNamespace.assumeAvailable();
    Path prepared = dir.resolve("prepared");
    Launcher launcher = new Launcher(prepared).env("ENTRATOOL_CA_BUNDLE", fx.caBundle().toString());
    fx.createSecretProfiles(launcher, "sp", "never-used");
    CliRunner.Result cached = launcher.run(null, "get-token", "-p", "sp", "--silent");
    assertThat(cached.exitCode()).as(cached.toString()).isZero();

    Path home = Files.createDirectory(dir.resolve("full"));
    Path runtime = Files.createDirectory(dir.resolve("run"));
    Path out = Files.createDirectory(dir.resolve("out"));
    MountNamespace.run(out, Map.of("PREPARED", prepared.toString(), "ENTRATOOL_HOME", home.toString(),
        "XDG_RUNTIME_DIR", runtime.toString(), "ENTRATOOL_SECRET_STORE", "file",
        "ENTRATOOL_CA_BUNDLE", fx.caBundle().toString(),
        "ENTRATOOL_EXPORT_PASSPHRASE", "correct horse battery staple"), """
        mount -t tmpfs -o size=4m,mode=0700 entratool-test-full "$ENTRATOOL_HOME"
        mount -t tmpfs -o size=1m,mode=0700 entratool-test-run "$XDG_RUNTIME_DIR"
        cp -a "$PREPARED/." "$ENTRATOOL_HOME/"
        entratool_to warm get-token -p sp --silent  # from the cache; keeps the fast path's entry
        echo 'the old token' >"$ENTRATOOL_HOME/token.txt"
        dd if=/dev/zero of="$ENTRATOOL_HOME/filler" bs=16k 2>/dev/null || true
        entratool_to forced get-token -p sp --force
        entratool_to first-ever get-token -p never-used
        entratool_to to-file get-token -p sp -o "$ENTRATOOL_HOME/token.txt"
        entratool_to export-to-file config export -p sp -o "$ENTRATOOL_HOME/bundle"
        # stdout redirected to a file on the full disk
        entratool_into() {
          name=$1; shift
          rc=0
          ENTRATOOL_JAVA_OPTS="-Xlog:class+load:file=$OUT/$name.classes" "$ENTRATOOL" "$@" \\
              >"$ENTRATOOL_HOME/$name.out" 2>"$OUT/$name.err" </dev/null || rc=$?
          echo $rc >"$OUT/$name.rc"
          cp "$ENTRATOOL_HOME/$name.out" "$OUT/$name.out"
        }
        entratool_into stdout-fast get-token -p sp --silent
        export ENTRATOOL_NO_FAST_PATH=1
        entratool_into stdout-full get-token -p sp --silent
        unset ENTRATOOL_NO_FAST_PATH
        entratool_into stdout-json get-token -p sp --json
        entratool_into stdout-export config export -p sp
        cp "$ENTRATOOL_HOME/token.txt" "$OUT/token-after"
        """);

    assertThat(MountNamespace.saved(out, "warm").exitCode()).isZero();
    String token = MountNamespace.saved(out, "warm").out();
    Path cacheFile = home.resolve("cache").resolve("sp.tokens");
    CliRunner.Result forced = MountNamespace.saved(out, "forced");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(forced.out()).matches("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n").isNotEqualTo(token);
    assertThat(forced.err()).isEqualTo("Authenticating with profile 'sp'...\n"
        + "Warning: the token could not be cached (Cannot write the token cache " + cacheFile
        + ": No space left on device); the next call asks the authority again\n"
        + "✓ Token acquired successfully\n");
    // a profile without a cache key yet: storing the key fails first
    CliRunner.Result firstEver = MountNamespace.saved(out, "first-ever");
    assertThat(firstEver.exitCode()).as(firstEver.toString()).isZero();
    assertThat(firstEver.out()).startsWith("eyJ");
    assertThat(firstEver.err()).contains("Warning: the token could not be cached (Cannot write "
        + home.resolve("secrets.vault") + ": No space left on device)");

    for (String[] toFile : new String[][] {{"to-file", "token.txt"}, {"export-to-file", "bundle"}}) {
      CliRunner.Result r = MountNamespace.saved(out, toFile[0]);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).as(toFile[0]).contains("Error: Cannot write " + home.resolve(toFile[1])
          + ": No space left on device\n").doesNotContain("✓ Token saved").doesNotContain("✓ Exported");
    }
    assertThat(Files.readString(out.resolve("token-after"))).as("left as it was").isEqualTo("the old token\n");

    for (String name : new String[] {"stdout-fast", "stdout-full", "stdout-json", "stdout-export"}) {
      CliRunner.Result r = MountNamespace.saved(out, name);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).as(name).endsWith(CliRunner.STDOUT_NOT_WRITTEN).doesNotContain("✓ Exported");
    }
    assertThat(MountNamespace.classes(out, "stdout-fast")).as("answered on the fast path")
        .contains("dev.entratool.cli.fast.FastPath ").doesNotContain("picocli.");
  }
}
