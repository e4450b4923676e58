package dev.entratool.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Shell scripts run as root in a private mount namespace ({@code unshare --mount --propagation private}), for tests
 * of device nodes and full disks: there a script mounts a tmpfs over /dev or over a folder, makes device nodes or
 * fills the disk, and the host never sees any of it. Elsewhere (not root, no unshare) such a test is skipped with the
 * reason, unless ENTRATOOL_REQUIRE_ROOT=1 (CI) makes that a failure.
 */
public final class MountNamespace {
  /**
   * Shell lines giving the namespace a /dev of its own: a fresh tmpfs (checked empty before anything is made in it,
   * so the host's /dev is never touched) with the devices a JVM and the tests use.
   */
  public static final String PRIVATE_DEV = String.join("\n",
      "mount -t tmpfs -o mode=0755,size=1m entratool-test-dev /dev",
      "[ -z \"$(ls -A /dev)\" ] || { echo 'not a fresh /dev' >&2; exit 99; }",
      "mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/full c 1 7",
      "mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9",
      "ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin",
      "ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr", "");

  /**
   * Shell function {@code entratool_to NAME ARGS...}: runs the packaged launcher ($ENTRATOOL) with ARGS and keeps its
   * stdout, stderr, exit code and class-load log as $OUT/NAME.{out,err,rc,classes} (see {@link #saved}).
   */
  private static final String FUNCTIONS = String.join("\n",
      "entratool_to() {",
      "  name=$1; shift",
      "  rc=0",
      "  ENTRATOOL_JAVA_OPTS=\"-Xlog:class+load:file=$OUT/$name.classes\" \"$ENTRATOOL\" \"$@\" >\"$OUT/$name.out\" "
          + "2>\"$OUT/$name.err\" </dev/null || rc=$?",
      "  echo $rc >\"$OUT/$name.rc\"",
      "}", "");

  private MountNamespace() {}

  /** Skips the test (or fails it under ENTRATOOL_REQUIRE_ROOT=1) unless private mount namespaces work here. */
  public static void assumeAvailable() throws IOException, InterruptedException {
    String why = unavailable();
    if (why != null && "1".equals(System.getenv("ENTRATOOL_REQUIRE_ROOT"))) {
      fail("ENTRATOOL_REQUIRE_ROOT=1 but " + why);
    }
    assumeTrue(why == null, why + ": the device-node and full-disk tests need root and unshare(1)");
  }

  private static String unavailable() throws IOException, InterruptedException {
    if (!Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0)) {
      return "not running as root";
    }
    try {
      Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "true")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0 ? null : "unshare --mount fails here";
    } catch (IOException e) {
      return "no unshare(1) here";
    }
  }

  /**
   * Runs {@code script} ({@code sh -eu}) in a new private mount namespace, with {@code env} added to this process's
   * environment, $ENTRATOOL the packaged launcher, $OUT the folder {@link #saved} reads and {@code entratool_to}
   * defined. Fails when the script does.
   */
  public static CliRunner.Result run(Path out, Map<String, String> env, String script)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of("unshare", "--mount", "--propagation", "private", "sh", "-euc",
        FUNCTIONS + script));
    pb.environment().putAll(env);
    pb.environment().put("OUT", out.toString());
    pb.environment().put("ENTRATOOL",
        Path.of(System.getProperty("entratool.launcher", "bin/entratool")).toAbsolutePath().toString());
    pb.redirectOutput(out.resolve("script.out").toFile()).redirectError(out.resolve("script.err").toFile());
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("the namespace script did not finish");
    }
    int code = p.exitValue();
    CliRunner.Result result = new CliRunner.Result(code, Files.readString(out.resolve("script.out")),
        Files.readString(out.resolve("script.err")));
    if (code != 0) {
      fail("the namespace script failed: " + result);
    }
    return result;
  }

  /** What {@code entratool_to NAME ...} kept. */
  public static CliRunner.Result saved(Path out, String name) throws IOException {
    return new CliRunner.Result(Integer.parseInt(Files.readString(out.resolve(name + ".rc")).trim()),
        Files.readString(out.resolve(name + ".out")), Files.readString(out.resolve(name + ".err")));
  }

  /** The classes the JVM of {@code entratool_to NAME ...} loaded (its -Xlog:class+load). */
  public static String classes(Path out, String name) throws IOException {
    return Files.readString(out.resolve(name + ".classes"));
  }
}
