package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged launcher, run as a process: arguments, environment, streams and exit codes as a script sees them. */
class LauncherIT {
  static final String CLIENT = "12345678-1234-1234-1234-123456789abc";
  @TempDir Path home;

  @Test
  void versionAndHelp() throws Exception {
    CliRunner.Result v = new Launcher(home).run(null, "--version");
    assertThat(v.exitCode()).isZero();
    assertThat(v.out()).startsWith("entratool 0.1.0\n");
    assertThat(v.err()).isEmpty();
  }

  @Test
  void exitCodeAndArgumentsWithSpacesAreForwardedUntouched() throws Exception {
    CliRunner.Result r = new Launcher(home).run(null, "config", "show", "-p", "two words");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: Profile 'two words' not found\n"
        + "Hint: No profiles yet: create one with 'entratool config create'\n");
    assertThat(new Launcher(home).run(null, "config", "list", "--bogus").exitCode()).isEqualTo(2);
  }

  @Test
  void javaOptsAndEntratoolJavaOptsReachTheJvm() throws Exception {
    Path userHome = Files.createDirectories(home.resolve("user"));
    CliRunner.Result r = new Launcher(null).unset("ENTRATOOL_HOME").env("JAVA_OPTS", "-Duser.home=" + userHome)
        .run("s3cret\n", "config", "create", "--name", "sp", "--tenant", "common", "--client-id", CLIENT,
            "--secret-stdin");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(userHome.resolve(".entratool/profiles.json")).exists();

    Path other = Files.createDirectories(home.resolve("other"));
    CliRunner.Result r2 = new Launcher(null).unset("ENTRATOOL_HOME").env("JAVA_OPTS", "-Duser.home=" + userHome)
        .env("ENTRATOOL_JAVA_OPTS", "-Duser.home=" + other).run(null, "config", "list", "--json");
    assertThat(r2.out()).isEqualTo("[ ]\n"); // ENTRATOOL_JAVA_OPTS comes last and wins
  }

  @Test
  void aSymlinkedLauncherFindsTheJar() throws Exception {
    Path link = home.resolve("entratool");
    Files.createSymbolicLink(link, Path.of(System.getProperty("entratool.launcher", "bin/entratool"))
        .toAbsolutePath());
    CliRunner.Result r = new Launcher(link, home).run(null, "--version");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("entratool ");
  }

  @Test
  void parallelProcessesLoseNoProfile() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<CliRunner.Result>> runs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String name = "sp" + i;
      runs.add(pool.submit(() -> new Launcher(home).run("secret-" + name + "\n", "config", "create", "--name",
          name, "--tenant", "common", "--client-id", CLIENT, "--secret-stdin")));
    }
    for (Future<CliRunner.Result> f : runs) {
      assertThat(f.get().exitCode()).as(f.get().toString()).isZero();
    }
    pool.shutdown();
    CliRunner.Result list = new Launcher(home).run(null, "config", "list", "--json");
    for (int i = 0; i < 6; i++) {
      assertThat(list.out()).contains("\"name\" : \"sp" + i + "\"");
    }
    for (int i = 0; i < 6; i++) {
      CliRunner.Result show = new Launcher(home).run(null, "config", "show", "-p", "sp" + i);
      assertThat(show.out()).contains("client secret stored");
    }
  }
}
