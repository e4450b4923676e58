package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.entratool.cli.fast.FastPath;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.TestJwts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
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
    assertThat(r2.out()).isEqualTo("[]\n"); // ENTRATOOL_JAVA_OPTS comes last and wins
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
      assertThat(list.out()).contains("\"name\": \"sp" + i + "\"");
    }
    for (int i = 0; i < 6; i++) {
      CliRunner.Result show = new Launcher(home).run(null, "config", "show", "-p", "sp" + i);
      assertThat(show.out()).contains("client secret stored");
    }
  }

  /** The build's output, beside the launcher. */
  private static final Path TARGET = Path.of(System.getProperty("entratool.launcher", "bin/entratool"))
      .toAbsolutePath().getParent().resolveSibling("target");

  @Test
  void theSmallArchiveForWhatTheFrontEndAnswersTheTokenOneForWhatItHandsOnTheFullOneOtherwise() throws Exception {
    long now = Instant.now().getEpochSecond();
    String token = Files.writeString(home.resolve("token.txt"), TestJwts.sign(TestJwts.graphClaims(now - 60,
        now + 3600))).toString();
    assertThat(archiveOpened(new Launcher(home), "inspect", "-f", token)).endsWith("/entratool-fast.jsa");
    assertThat(archiveOpened(new Launcher(home), "discover", "-f", token)).endsWith("/entratool-fast.jsa");
    // a plain get-token the session tier cannot answer (no entry for the profile, or --force): the token archive
    assertThat(archiveOpened(new Launcher(home), "get-token", "-p", "none")).endsWith("/entratool-token.jsa");
    assertThat(archiveOpened(new Launcher(home), "get-token", "-p", "none", "--force", "--silent", "--scope", "s",
        "-f", "ClientCredentials", "--tenant", "t", "--min-validity", "9", "-o", "out.txt"))
        .endsWith("/entratool-token.jsa");
    assertThat(archiveOpened(new Launcher(home), "get-token", "--exec-credential", "--force"))
        .endsWith("/entratool-token.jsa");
    // every name of every option the front end reads (the launcher lists them again, for its guess)
    for (String spec : FastPath.GET_TOKEN_OPTIONS) {
      for (String name : spec.replace("=", "").split("\\|")) {
        List<String> call = new ArrayList<>(List.of("get-token", "--force", name));
        if (spec.endsWith("=")) {
          call.add("9");
        }
        assertThat(archiveOpened(new Launcher(home), call.toArray(String[]::new))).as(name)
            .endsWith("/entratool-token.jsa");
      }
    }
    // an option the front end does not read: the full command line
    for (String other : List.of("--json", "--verbose", "--from-env", "--timeout", "--help")) {
      assertThat(archiveOpened(new Launcher(home), "get-token", "-p", "none", "--force", other)).as(other)
          .endsWith("/entratool.jsa");
    }
    assertThat(archiveOpened(new Launcher(home).env("ENTRATOOL_NO_FAST_PATH", "1"), "get-token", "-p", "none"))
        .endsWith("/entratool.jsa");
    assertThat(archiveOpened(new Launcher(home), "inspect", "-f", token, "--json")).endsWith("/entratool.jsa");
    assertThat(archiveOpened(new Launcher(home), "config", "list")).endsWith("/entratool.jsa");
    assertThat(archiveOpened(new Launcher(home).env("ENTRATOOL_NO_FAST_PATH", "1"), "inspect", "-f", token))
        .endsWith("/entratool.jsa");
  }

  /**
   * However the launcher is called (by its whole path, from its folder or above it, through "." or ".."), it finds
   * the jar and the build's archive beside it.
   */
  @Test
  void theLauncherFindsItsJarAndArchiveHoweverItIsCalled() throws Exception {
    assumeTrue(Runtime.version().feature() < 25, "JDK 25+ never takes the build's archive (an AOT cache instead)");
    Path launcher = Path.of(System.getProperty("entratool.launcher", "bin/entratool")).toAbsolutePath().normalize();
    Path bin = launcher.getParent();
    Path root = bin.getParent();
    String name = launcher.getFileName().toString();
    for (List<String> call : List.of(List.of(root.toString(), launcher.toString()),
        List.of(root.toString(), bin.getFileName() + "/" + name), List.of(bin.toString(), "./" + name),
        List.of(bin.toString(), "../" + bin.getFileName() + "/" + name),
        List.of("/", root + "/./" + bin.getFileName() + "/" + name))) {
      assertThat(mainClassSourceWhenCalled(Path.of(call.get(0)), call.get(1))).as(call.toString())
          .isEqualTo("shared objects file");
    }
  }

  /** As {@link #mainClassSource}, for the launcher called as {@code command} from {@code folder}. */
  private String mainClassSourceWhenCalled(Path folder, String command) throws Exception {
    Path log = Files.createTempFile(home, "classes", ".log");
    ProcessBuilder call = new ProcessBuilder(command, "--version").directory(folder.toFile())
        .redirectErrorStream(true);
    call.environment().put("ENTRATOOL_HOME", home.toString());
    call.environment().put("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + log);
    Process run = call.start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor()).as(output).isZero();
    assertThat(output).startsWith("entratool ");
    String line = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(" dev.entratool.Main source: ")).findFirst().orElseThrow();
    return line.substring(line.indexOf(" source: ") + 9);
  }

  /**
   * A java on PATH that is the very file of the JDK that built the archives (a link to it, as /usr/bin/java is)
   * gets the build's archive without a readlink process; where the marker names no such java, the link is followed
   * with readlink, to the same archive.
   */
  @Test
  void aJavaOnPathThatIsTheBuildsOwnNeedsNoReadlink() throws Exception {
    assumeTrue(Runtime.version().feature() < 25, "JDK 25+ never takes the build's archive (an AOT cache instead)");
    Path path = Files.createDirectories(home.resolve("path"));
    Files.createSymbolicLink(path.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    Path calls = home.resolve("readlink-calls");
    Path readlink = path.resolve("readlink");
    Files.writeString(readlink, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\nexec /usr/bin/readlink \"$@\"\n");
    assertThat(readlink.toFile().setExecutable(true)).isTrue();
    Launcher launcher = new Launcher(home).unset("JAVA_HOME").env("PATH", path + ":/usr/bin:/bin");

    assertThat(mainClassSource(launcher)).isEqualTo("shared objects file");
    assertThat(calls).doesNotExist();

    Path installed = installation(home.resolve("installed"));
    String build = Files.readAllLines(TARGET.resolve("entratool.jsa.jdk"), StandardCharsets.UTF_8).get(0);
    Files.writeString(installed.resolve("entratool.jsa.jdk"), build + "\n");
    assertThat(mainClassSource(launcher.env("ENTRATOOL_JAR", installed.resolve("entratool.jar").toString())))
        .isEqualTo("shared objects file");
    assertThat(calls).content().contains("-f " + path.resolve("java"));
  }

  /**
   * The build's archive goes to a JVM of the JDK build that made it (named beside it, in entratool.jsa.jdk), and
   * never to another: here an installation whose archive says another build made it.
   */
  @Test
  void anArchiveFromAnotherJdkBuildIsNeverPassedToTheJvm() throws Exception {
    Path installed = installation(home.resolve("installed"));
    Path cache = home.resolve("cache");
    Launcher launcher = new Launcher(home).env("ENTRATOOL_JAR", installed.resolve("entratool.jar").toString())
        .env("JAVA_HOME", System.getProperty("java.home")).env("XDG_CACHE_HOME", cache.toString());
    Files.writeString(installed.resolve("entratool.jsa.jdk"),
        "IMPLEMENTOR=\"Another\" JAVA_RUNTIME_VERSION=\"17.0.0+1\" \n");
    assertThat(mainClassSource(launcher)).as("not from the build's archive").startsWith("file:");

    assumeTrue(Runtime.version().feature() < 25, "JDK 25+ never takes the build's archive (an AOT cache instead)");
    Files.copy(TARGET.resolve("entratool.jsa.jdk"), installed.resolve("entratool.jsa.jdk"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(mainClassSource(launcher)).as("the same installation, its archive made by this JDK")
        .isEqualTo("shared objects file");
  }

  /**
   * On JDK 25 and newer the first run makes an AOT cache for that JDK in the user's cache folder (the build's
   * archive, made by JDK 17, is never passed), and the next runs use it, with that JDK's own settings; what the
   * start-up front end answers has a small cache of its own, picked as the build's small archive is. Skipped where
   * no JDK 25+ is installed (CI has only JDK 17): set JAVA_25, or install one under /usr/lib/jvm.
   */
  @Test
  void onJdk25TheFirstRunOfEachKindMakesAnAotCacheForThatJdkAndTheNextRunsUseIt() throws Exception {
    Optional<Path> jdk = jdk25();
    assumeTrue(jdk.isPresent(), "no JDK 25 or newer installed (set JAVA_25)");
    Path cache = home.resolve("cache");
    Path log = home.resolve("args.log");
    Launcher launcher = new Launcher(home).env("JAVA_HOME", jdk.get().toString())
        .env("XDG_CACHE_HOME", cache.toString()).env("ENTRATOOL_JAVA_OPTS", "-Xlog:arguments:file=" + log);

    CliRunner.Result first = launcher.run(null, "--version");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).startsWith("entratool 0.1.0\n").doesNotContain("AOT");
    assertThat(first.err()).isEmpty();
    assertThat(Files.readString(log)).contains("-XX:AOTMode=record").doesNotContain(".jsa");
    List<Path> made = caches(cache);
    assertThat(made).as("one cache, no temporary file left").singleElement()
        .satisfies(f -> assertThat(f.getFileName().toString()).isEqualTo("entratool.aot"));
    // in a folder named by the id the build wrote for the jar, and naming the JDK build and java that made it
    assertThat(made.get(0).getParent().getFileName().toString())
        .endsWith("-" + Files.readString(TARGET.resolve("entratool.jar.id")).trim());
    String maker = Files.readString(made.get(0).resolveSibling("entratool.aot.jdk"));
    assertThat(maker).contains("JAVA_RUNTIME_VERSION=").endsWith(jdk.get().resolve("bin/java") + "\n");

    Path classes = home.resolve("classes.log");
    CliRunner.Result second = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:arguments:file=" + log
        + " -Xlog:class+load:file=" + classes).run(null, "--version");
    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(log)).contains("-XX:AOTCache=" + made.get(0)).doesNotContain(".jsa")
        .contains("-XX:+UseSerialGC").contains("-Djdk.tls.namedGroups=x25519,secp256r1,secp384r1");
    assertThat(Files.readString(classes)).contains("dev.entratool.Main source: shared objects file");

    // what the front end answers gets small caches of its own, one for each such command, made by its first run
    // and used after
    long now = Instant.now().getEpochSecond();
    String token = Files.writeString(home.resolve("token.txt"), TestJwts.sign(TestJwts.graphClaims(now - 60,
        now + 3600))).toString();
    CliRunner.Result discover = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:arguments:file=" + log)
        .run(null, "discover", "-f", token);
    assertThat(discover.exitCode()).as(discover.toString()).isZero();
    Path fast = made.get(0).resolveSibling("entratool-fast-discover.aot");
    assertThat(Files.readString(log)).contains("-XX:AOTMode=record").doesNotContain("-XX:AOTCache=");
    assertThat(caches(cache)).as("the full cache and the small one, nothing else")
        .containsExactlyInAnyOrder(made.get(0), fast);
    CliRunner.Result discoverAgain = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:arguments:file=" + log)
        .run(null, "discover", "-f", token);
    assertThat(discoverAgain).isEqualTo(discover);
    assertThat(Files.readString(log)).contains("-XX:AOTCache=" + fast);
    CliRunner.Result inspect = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:arguments:file=" + log)
        .run(null, "inspect", "-f", token);
    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    assertThat(Files.readString(log)).as("another command: a small cache of its own").contains("-XX:AOTMode=record")
        .doesNotContain("-XX:AOTCache=");
    assertThat(caches(cache)).containsExactlyInAnyOrder(made.get(0), fast,
        made.get(0).resolveSibling("entratool-fast-inspect.aot"));
    launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:arguments:file=" + log).run(null, "get-token", "-p", "none");
    assertThat(Files.readString(log)).as("a plain get-token the front end hands on: a token cache of its own")
        .contains("-XX:AOTMode=record").doesNotContain("-XX:AOTCache=");
    assertThat(caches(cache)).containsExactlyInAnyOrder(made.get(0), fast,
        made.get(0).resolveSibling("entratool-fast-inspect.aot"), made.get(0).resolveSibling("entratool-token.aot"));
    launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:arguments:file=" + log).run(null, "discover", "-f", token, "--json");
    assertThat(Files.readString(log)).as("what the full command line answers: the full cache")
        .contains("-XX:AOTCache=" + made.get(0));

    // a cache that names another JDK build as its maker is made anew by this one, never passed to it
    Files.writeString(made.get(0).resolveSibling("entratool.aot.jdk"), "IMPLEMENTOR=\"Another\" /other/bin/java\n");
    assertThat(launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:arguments:file=" + log).run(null, "--version"))
        .isEqualTo(first);
    assertThat(Files.readString(log)).contains("-XX:AOTMode=record").doesNotContain("-XX:AOTCache=");
    assertThat(Files.readString(made.get(0).resolveSibling("entratool.aot.jdk"))).isEqualTo(maker);
    launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:arguments:file=" + log).run(null, "--version");
    assertThat(Files.readString(log)).contains("-XX:AOTCache=" + made.get(0));

    // a jar with no id from the build beside it (one ENTRATOOL_JAR names): its folder is named by its checksum and size
    Path installed = installation(home.resolve("installed"));
    Launcher other = new Launcher(home).env("JAVA_HOME", jdk.get().toString()).env("XDG_CACHE_HOME", cache.toString())
        .env("ENTRATOOL_JAR", installed.resolve("entratool.jar").toString())
        .env("ENTRATOOL_JAVA_OPTS", "-Xlog:arguments:file=" + log);
    assertThat(other.run(null, "--version")).isEqualTo(first);
    assertThat(Files.readString(log)).contains("-XX:AOTMode=record");
    assertThat(caches(cache)).filteredOn(f -> !f.getParent().equals(made.get(0).getParent())).singleElement()
        .satisfies(f -> assertThat(f.getParent().getFileName().toString())
            .matches("jdk[0-9]+-[0-9]+-" + Files.size(TARGET.resolve("entratool.jar"))));

    // a cache folder that cannot be made: the run goes on without an archive, and says nothing about it
    Path file = Files.writeString(home.resolve("a-file"), "");
    CliRunner.Result unwritable = launcher.env("ENTRATOOL_JAVA_OPTS", null)
        .env("XDG_CACHE_HOME", file.resolve("cache").toString()).run(null, "--version");
    assertThat(unwritable).isEqualTo(first);
  }

  /** The archive the JVM opened (its class-data-sharing log), for these arguments. */
  private String archiveOpened(Launcher launcher, String... args) throws Exception {
    Path log = Files.createTempFile(home, "cds", ".log");
    launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:cds=info:file=" + log).run(null, args);
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains("Opened archive "))
        .map(l -> l.substring(l.indexOf("Opened archive ") + 15).replaceAll("\\.$", "")).findFirst().orElse("none");
  }

  /** Where {@code --version} took dev.entratool.Main from: "shared objects file" or the jar's URL. */
  private String mainClassSource(Launcher launcher) throws Exception {
    Path log = Files.createTempFile(home, "classes", ".log");
    CliRunner.Result r = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + log).run(null, "--version");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String line = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(" dev.entratool.Main source: ")).findFirst().orElseThrow();
    return line.substring(line.indexOf(" source: ") + 9);
  }

  /** The per-user archives under {@code cache}, without the files that name each one's maker. */
  private static List<Path> caches(Path cache) throws IOException {
    try (Stream<Path> files = Files.walk(cache.resolve("entratool"))) {
      return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".jdk")).toList();
    }
  }

  /** An installation of the build (links to its jar and archive) whose entratool.jsa.jdk a test writes. */
  private static Path installation(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name : List.of("entratool.jar", "entratool.jsa")) {
      assertThat(TARGET.resolve(name)).as("built by mvn package").exists();
      Files.createSymbolicLink(dir.resolve(name), TARGET.resolve(name));
    }
    return dir;
  }

  /** A JDK 25 or newer: JAVA_25, else the first under /usr/lib/jvm. */
  static Optional<Path> jdk25() throws IOException {
    String named = System.getenv("JAVA_25");
    if (named != null && !named.isEmpty()) {
      return Optional.of(Path.of(named)).filter(p -> Files.isExecutable(p.resolve("bin/java")));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(jvms)) {
      return dirs.sorted().filter(d -> !Files.isSymbolicLink(d) && featureOf(d) >= 25
          && Files.isExecutable(d.resolve("bin/java"))).findFirst();
    }
  }

  private static int featureOf(Path jdk) {
    try {
      for (String line : Files.readAllLines(jdk.resolve("release"), StandardCharsets.UTF_8)) {
        if (line.startsWith("JAVA_VERSION=\"")) {
          return Integer.parseInt(line.substring(14).split("[^0-9]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a JDK
    }
    return 0;
  }
}
