package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.MemoryRuntimeDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install.sh with the release archive that mvn package writes: installed under a prefix, entratool runs on
 * its own runtime with no Java on PATH and no JAVA_HOME, a second install replaces the first, and --uninstall leaves
 * nothing behind.
 */
class InstallIT {
  private static final Path ROOT = Path.of(System.getProperty("entratool.launcher", "bin/entratool"))
      .toAbsolutePath().getParent().getParent();
  /** The few commands the launcher and install.sh call, and no java. */
  private static final List<String> TOOLS = List.of("sh", "ls", "sed", "readlink", "cat", "mkdir", "mktemp", "rm",
      "mv", "ln", "tar", "gzip", "chmod", "dirname", "cksum");

  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path tmp;

  @Test
  void installedEntratoolRunsWithoutJavaOnThePathAndUninstallLeavesNothing() throws Exception {
    Path prefix = tmp.resolve("prefix");
    String path = toolsWithoutJava().toString();
    assertThat(install(path, prefix.toString()).exitCode()).isZero();
    Path command = prefix.resolve("bin/entratool");
    assertThat(command).isSymbolicLink();

    Path home = tmp.resolve("home");
    Path classes = tmp.resolve("classes.log");
    Path cds = tmp.resolve("cds.log");
    Launcher launcher = new Launcher(command, home).env("PATH", path).unset("JAVA_HOME")
        .env("ENTRATOOL_CA_BUNDLE", fx.pki.writeCaBundle(tmp.resolve("ca.pem")).toString());
    CliRunner.Result version = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + classes
        + " -Xlog:cds=info:file=" + cds).run(null, "--version");
    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out()).startsWith("entratool 0.1.0\n");
    assertThat(version.err()).isEmpty();
    // no java on PATH, so this is the bundled runtime, on the archive install.sh made for it where it is installed
    assertThat(Files.readString(cds)).contains("Opened archive " + prefix.toRealPath().resolve("lib/entratool"));
    assertThat(Files.readString(classes)).contains("dev.entratool.Main source: shared objects file");

    String client = fx.registerSecretApp("it-secret");
    try (MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      Launcher session = launcher.env("XDG_RUNTIME_DIR", runtime.path.toString()).env("ENTRATOOL_JAVA_OPTS", null);
      CliRunner.Result created = session.run("it-secret\n", "config", "create", "--name", "ci", "--tenant",
          FakeEntra.TENANT_DOMAIN, "--client-id", client, "--authority-host", fx.entra.authorityHost(),
          "--secret-stdin");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      // a token request over TLS (its elliptic-curve key exchange comes from a module jdeps does not name)
      CliRunner.Result first = session.run(null, "get-token", "-p", "ci", "--silent");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      int requests = fx.entra.tokenRequests();
      CliRunner.Result cached = session.run(null, "get-token", "-p", "ci", "--silent");
      assertThat(cached).isEqualTo(first);
      assertThat(fx.entra.tokenRequests()).as("answered from the cache").isEqualTo(requests);
    }

    // installed again over it: replaced in place, one release left
    assertThat(install(path, prefix.toString()).exitCode()).isZero();
    try (Stream<Path> releases = Files.list(prefix.resolve("lib/entratool"))) {
      assertThat(releases.map(p -> p.getFileName().toString())).hasSize(2).contains("current");
    }
    assertThat(launcher.env("ENTRATOOL_JAVA_OPTS", null).run(null, "--version").out()).isEqualTo(version.out());

    CliRunner.Result removed = install(path, "--uninstall", prefix.toString());
    assertThat(removed.exitCode()).as(removed.toString()).isZero();
    try (Stream<Path> left = Files.walk(prefix)) {
      assertThat(left.filter(p -> !Files.isDirectory(p) || p.getFileName().toString().contains("entratool")))
          .as("nothing of entratool left").isEmpty();
    }
  }

  private CliRunner.Result install(String path, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/install.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", path);
    builder.environment().remove("JAVA_HOME");
    builder.environment().put("HOME", tmp.toString());
    Process p = builder.redirectOutput(tmp.resolve("install.out").toFile())
        .redirectError(tmp.resolve("install.err").toFile()).start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new CliRunner.Result(p.exitValue(), Files.readString(tmp.resolve("install.out")),
        Files.readString(tmp.resolve("install.err"), StandardCharsets.UTF_8));
  }

  /** A folder for PATH with links to {@link #TOOLS} only. */
  private Path toolsWithoutJava() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("tools"));
    for (String tool : TOOLS) {
      for (String dir : List.of("/usr/bin", "/bin")) {
        Path found = Path.of(dir, tool);
        if (Files.isExecutable(found) && !Files.exists(bin.resolve(tool))) {
          Files.createSymbolicLink(bin.resolve(tool), found);
        }
      }
    }
    assertThat(bin.resolve("java")).doesNotExist();
    return bin;
  }
}
