package dev.entratool;

import dev.entratool.cache.TokenCache;
import dev.entratool.cache.TokenKey;
import dev.entratool.cli.AppContext;
import dev.entratool.cli.EntraToolCommand;
import dev.entratool.cli.fast.FastPath;
import dev.entratool.console.Console;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Terminal;
import dev.entratool.profile.ProfileStore;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The build's training runs for the class-data-sharing archives (pom.xml, -XX:ArchiveClassesAtExit): runs, in one
 * JVM and a throwaway folder, the commands scripts call most, so that an archive holds the classes they load.
 * {@code fast} runs the start-up fast path only; {@code full} runs the full command line too, and a Client
 * Credentials token request to the test emulator of Entra ID when the build passes its class path (system property
 * {@code entratool.training.emulator}; the test classes exist unless tests were skipped at compile time). Not a
 * user command.
 */
public final class CdsTraining {
  private static final String SECRET = "training-secret";
  private static final PrintWriter NONE = new PrintWriter(OutputStream.nullOutputStream());
  /** The JVM running the training, for its helper processes. */
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("dump")) {
      dump(Path.of(args[1]), Path.of(args[2]));
      return;
    }
    boolean full = args.length > 0 && args[0].equals("full");
    Main.preferPlatformSelectorProvider(); // as Main.main does, so the archive holds what a run loads
    Class.forName(Main.class.getName()); // the real entry point is archived too, though not run here
    Environment.system().get("HOME");
    Path home = Files.createTempDirectory("entratool-cds-training");
    try {
      Map<String, String> vars = new HashMap<>(System.getenv());
      vars.put("ENTRATOOL_HOME", home.toString());
      vars.put("ENTRATOOL_SECRET_STORE", "file");
      vars.remove("ENTRATOOL_VAULT_PASSPHRASE");
      vars.put("ENTRATOOL_SHM_DIR", home.resolve("no-shm").toString()); // never the user's own /dev/shm
      Environment env = Environment.of(vars);
      Clock clock = Clock.systemUTC();
      String tokenFile = Files.writeString(home.resolve("token.txt"), token(clock.instant().getEpochSecond()) + "\n")
          .toString();

      // made by config create in a process of its own: the fast archive must hold only what the fast path loads
      create(vars, "--name", "training", "--tenant", "contoso.onmicrosoft.com", "--client-id",
          "00000000-0000-4000-8000-000000000001");
      for (String vaultFile : List.of("secrets.vault", "secrets.vault.lock", "secrets.key")) {
        Files.deleteIfExists(home.resolve(vaultFile)); // the full training below makes its own vault
      }
      FastPath.run(new String[] {"discover", "-f", tokenFile}, env, clock, Terminal.NONE, NONE, NONE);
      FastPath.run(new String[] {"inspect", "-f", tokenFile}, env, clock, new Terminal(false, true), NONE, NONE);
      // the fast get-token answered from the session tier, as on a desktop or CI runner: the entry stored in a
      // runtime directory in memory (where there is none, the runs below miss, and the archive lacks a few classes)
      Path runtime = runtimeDir(home);
      Map<String, String> session = new HashMap<>(vars);
      session.put("XDG_RUNTIME_DIR", runtime.toString());
      cachedGetToken(session, home, clock);
      FastPath.run(new String[] {"get-token", "-p", "training", "-f", "ClientCredentials", "-o",
          home.resolve("token-out.txt").toString()}, Environment.of(session), clock, Terminal.NONE, NONE, NONE);
      // and from this user's folder on the memory file system, as in a container without a runtime directory
      Map<String, String> container = new HashMap<>(vars);
      container.remove("XDG_RUNTIME_DIR");
      container.put("ENTRATOOL_SHM_DIR", runtime.toString());
      cachedGetToken(container, home, clock);
      // the classes of a Secret Service exchange (loaded, not run): a class missing from the archive opens the jar,
      // some 3 ms of every command that reads the keyring
      for (String exchange : List.of("dev.entratool.secret.dbus.DBusWriter", "dev.entratool.secret.dbus.DBusReader",
          "dev.entratool.secret.dbus.SecretServiceClient$Found",
          "dev.entratool.secret.dbus.SecretServiceClient$NotFound",
          "dev.entratool.secret.dbus.SecretServiceClient$Done", "java.nio.BufferUnderflowException")) {
        Class.forName(exchange, false, CdsTraining.class.getClassLoader());
      }
      Console.requireWritten(NONE); // what Main.run asks of every command that succeeded
      Terminal.detect();
      if (full) {
        run(env, "config", "create", "--name", "created", "--tenant", "contoso.onmicrosoft.com", "--client-id",
            "00000000-0000-4000-8000-000000000002", "--secret-stdin");
        run(env, "config", "list");
        run(env, "config", "list", "--json");
        run(env, "config", "show", "-p", "training");
        run(env, "discover", "-f", tokenFile, "--json");
        run(env, "inspect", "-f", tokenFile, "--full");
        run(env, "--help");
        run(env, "get-token", "--help");
        String emulator = System.getProperty("entratool.training.emulator");
        if (emulator != null && Files.isDirectory(Path.of(emulator.split(java.io.File.pathSeparator)[0]))) {
          try {
            tokenRequest(vars, home, emulator);
          } catch (Exception | LinkageError e) {
            // training only: the archive then lacks the network classes, and the build goes on
            System.err.println("warning: CDS training without a token request: " + e);
          }
        }
      }
    } finally {
      delete(home);
      delete(memoryRun(home));
    }
  }

  /** The training profile's token kept in the session tier that {@code vars} gives, then served from there. */
  private static void cachedGetToken(Map<String, String> vars, Path home, Clock clock) {
    Environment env = Environment.of(vars);
    new TokenCache(AppPaths.from(env)).store("training", TokenKey.of(
        new ProfileStore(home.resolve("profiles.json")).require("training"), false,
        List.of("https://graph.microsoft.com/.default")), token(clock.instant().getEpochSecond()),
        clock.instant().plusSeconds(3600));
    FastPath.run(new String[] {"get-token", "-p", "training", "--silent"}, env, clock, Terminal.NONE, NONE, NONE);
  }

  /** A private folder in memory as the training's runtime directory (/dev/shm), else one on disk. */
  private static Path runtimeDir(Path home) throws IOException {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs")) {
      return Files.createDirectory(memoryRun(home),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return Files.createDirectory(home.resolve("run"));
  }

  private static Path memoryRun(Path home) {
    return Path.of("/dev/shm", home.getFileName().toString());
  }

  /**
   * Builds the static archive from the training's class list. Leaves out the lambdas that implement azure-json's
   * callbacks (MSAL's JSON parsing): JDK 17 crashes archiving them. Never fails the build: without an archive the
   * launcher runs without one, only slower.
   */
  private static void dump(Path classList, Path archive) throws IOException, InterruptedException {
    Path filtered = classList.resolveSibling(classList.getFileName() + ".filtered");
    List<String> lines = Files.readAllLines(classList, StandardCharsets.UTF_8);
    lines.removeIf(line -> line.startsWith("@lambda-proxy") && line.contains("com/azure/json/"));
    Files.write(filtered, lines, StandardCharsets.UTF_8);
    Files.deleteIfExists(archive);
    Process dump = new ProcessBuilder(JAVA, "-Xshare:dump", "-XX:SharedClassListFile=" + filtered,
        "-XX:SharedArchiveFile=" + archive, "-Xlog:disable", "-cp",
        System.getProperty("java.class.path")).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (dump.waitFor() != 0) {
      Files.deleteIfExists(archive);
      System.err.println("warning: no class-data-sharing archive (java -Xshare:dump failed); entratool starts slower");
    }
  }

  /** {@code config create ARGS --secret-stdin} run by a JVM of its own, as the launcher runs it. */
  private static void create(Map<String, String> vars, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(JAVA, "-Dpicocli.disable.closures=true", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "config", "create"));
    command.addAll(List.of(args));
    command.add("--secret-stdin");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(vars);
    Process create = builder.start();
    try (OutputStream in = create.getOutputStream()) {
      in.write((SECRET + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (create.waitFor() != 0) {
      throw new IOException("config create " + String.join(" ", args) + " failed (exit " + create.exitValue() + ")");
    }
  }

  /** get-token through MSAL and TLS against the emulator, run as a process of its own (it is test code). */
  private static void tokenRequest(Map<String, String> vars, Path home, String classpath) throws Exception {
    Process emulator = new ProcessBuilder(JAVA, "-cp", classpath, "dev.entratool.testing.EmulatorMain",
        home.resolve("emulator").toString(), SECRET).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String line = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      if (line == null) {
        throw new IOException("the emulator did not start");
      }
      String[] started = line.split(" ");
      Map<String, String> network = new HashMap<>(vars);
      network.put("ENTRATOOL_CA_BUNDLE", home.resolve("emulator").resolve("ca.pem").toString());
      // a private runtime directory, here on disk: the token request checks it (and then keeps no entry there, nor
      // in the memory file system, which the training has none of)
      network.put("XDG_RUNTIME_DIR", Files.createDirectories(home.resolve("session-run"),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).toString());
      Environment env = Environment.of(network);
      run(env, "config", "create", "--name", "network", "--tenant", "contoso.onmicrosoft.com", "--client-id",
          started[1], "--authority-host", started[0], "--secret-stdin");
      for (List<String> call : List.of(List.of("get-token", "-p", "network"),
          List.of("get-token", "-p", "network", "--json"), List.of("get-token", "-p", "network", "--force"))) {
        run(env, call.toArray(String[]::new));
      }
    } finally {
      emulator.getOutputStream().close(); // it serves until its stdin closes
      if (!emulator.waitFor(10, TimeUnit.SECONDS)) {
        emulator.destroyForcibly();
      }
    }
  }

  private static void run(Environment env, String... args) {
    AppContext context = new AppContext(env, Clock.systemUTC(),
        new ByteArrayInputStream((SECRET + "\n").getBytes(StandardCharsets.UTF_8)), Terminal.NONE, false);
    EntraToolCommand.execute(context, args, NONE, NONE);
  }

  /** An unsigned, well-formed access token valid for an hour. */
  private static String token(long now) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims = "{\"aud\":\"https://graph.microsoft.com\",\"iss\":\"https://sts.windows.net/training/\",\"nbf\":"
        + (now - 60) + ",\"exp\":" + (now + 3600) + ",\"appid\":\"00000000-0000-4000-8000-000000000001\"}";
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
