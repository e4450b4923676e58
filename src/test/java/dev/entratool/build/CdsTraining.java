package dev.entratool.build;

import dev.entratool.Main;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Sleeper;
import dev.entratool.platform.Terminal;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Build-only (pom.xml, package phase): the training run whose class list makes the class-data-sharing archive that
 * bin/entratool passes to the JVM. Runs, in one JVM and a throwaway folder, the commands scripts call most through
 * {@link Main#run}, as the launcher does: config commands, inspect and discover of a token file, help, and get-token
 * (Client Credentials) against the test emulator of Entra ID, started as a process of its own so that its classes
 * (the server side of TLS) stay out of the archive. {@code fast JAR} runs only what the start-up front end answers,
 * for the small archive; {@code token JAR} only the plain get-tokens it hands to get-token's code (token requests),
 * for the token archive. {@code dump CLASSLIST ARCHIVE JAR} then builds an archive; {@code jdk FILE} writes the
 * running JDK's build, as the launcher reads it, for archives that scripts/install.sh makes; {@code id JAR} writes
 * the jar's id beside it, by which the launcher names its per-user archives.
 * Not part of the product: it lives with the tests, which the build compiles unless told to skip them.
 */
public final class CdsTraining {
  private static final String SECRET = "training-secret";
  private static final PrintWriter NONE = new PrintWriter(OutputStream.nullOutputStream());
  /** The JVM running the training, for its helper processes. */
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("dump")) {
      dump(Path.of(args[1]), Path.of(args[2]), args[3]);
      return;
    }
    if (args.length == 2 && args[0].equals("id")) {
      writeJarId(Path.of(args[1]));
      return;
    }
    if (args.length == 2 && args[0].equals("jdk")) {
      // the release archive's runtime names itself for archives made where it is installed (scripts/package.sh)
      writeJdkBuild(Path.of(args[1]), "");
      return;
    }
    boolean fast = args.length == 2 && args[0].equals("fast");
    boolean tokens = args.length == 2 && args[0].equals("token");
    Main.applyJvmSettings(); // as Main.main does, so the archive holds what a run loads
    Class.forName(Main.class.getName()); // the real entry point is archived too, though not run here
    Terminal.detect();
    Environment.system().get("HOME"); // Main.main's environment: the runs below take theirs from Environment.of
    Path home = Files.createTempDirectory("entratool-cds-training");
    // a private runtime directory in memory where there is one, as a login session has: get-token keeps the
    // session's entry there, and the cached get-tokens are answered from it
    Path shm = Path.of("/dev/shm");
    Path runtime = Files.createTempDirectory(Files.isDirectory(shm) ? shm : home, "entratool-cds-run",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Process emulator = null;
    try {
      Map<String, String> vars = new HashMap<>(System.getenv());
      vars.put("ENTRATOOL_HOME", home.resolve("home").toString());
      vars.put("ENTRATOOL_SECRET_STORE", "file");
      vars.remove("ENTRATOOL_VAULT_PASSPHRASE");
      vars.put("XDG_RUNTIME_DIR", runtime.toString());
      vars.put("ENTRATOOL_SHM_DIR", home.resolve("no-shm").toString()); // never the user's own /dev/shm
      String tokenFile = Files.writeString(home.resolve("token.txt"), token(Clock.systemUTC().instant()
          .getEpochSecond()) + "\n").toString();
      String classpath = System.getProperty("entratool.training.emulator");
      String[] started = null;
      if (classpath != null) {
        emulator = new ProcessBuilder(JAVA, "-cp", classpath, "dev.entratool.testing.EmulatorMain",
            home.resolve("emulator").toString(), SECRET).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
        if (line == null) {
          throw new IOException("the emulator did not start");
        }
        started = line.split(" ");
        vars.put("ENTRATOOL_CA_BUNDLE", home.resolve("emulator").resolve("ca.pem").toString());
      } else {
        System.err.println("warning: CDS training without a token request (no emulator class path)");
      }
      Environment env = Environment.of(vars);
      List<String> network = started == null ? null : List.of("--name", "network", "--tenant",
          "contoso.onmicrosoft.com", "--client-id", started[1], "--authority-host", started[0], "--secret-stdin");
      if (fast) {
        fast(Path.of(args[1]), vars, network, tokenFile, home);
      } else if (tokens) {
        tokenRequests(Path.of(args[1]), vars, network, home);
      } else {
        full(env, network, tokenFile, home);
      }
    } finally {
      if (emulator != null) {
        emulator.getOutputStream().close(); // it serves until its stdin closes
        if (!emulator.waitFor(10, TimeUnit.SECONDS)) {
          emulator.destroyForcibly();
        }
      }
      delete(runtime);
      delete(home);
    }
  }

  /**
   * What the start-up front end answers, and nothing else: the profile and its session entry are made by processes
   * of their own, so that the small archive holds only the classes of a plain get-token, discover and inspect.
   */
  private static void fast(Path jar, Map<String, String> vars, List<String> network, String tokenFile, Path home)
      throws IOException, InterruptedException {
    Environment env = Environment.of(vars);
    run(env, "discover", "-f", tokenFile);
    run(Terminal.NONE, env, "inspect", "-f", tokenFile);
    run(new Terminal(false, true), env, "inspect", "-f", tokenFile);
    if (network == null) {
      return;
    }
    launch(jar, vars, configCreate(network));
    launch(jar, vars, List.of("get-token", "-p", "network", "--silent"));
    run(env, "get-token", "-p", "network", "--silent");
    run(env, "get-token", "-p", "network");
    run(env, "get-token", "-p", "network", "-f", "ClientCredentials", "-o", home.resolve("token-out.txt").toString());
    // without a runtime directory, as in a container: the session tier is this user's folder in memory
    Map<String, String> container = new HashMap<>(vars);
    container.remove("XDG_RUNTIME_DIR");
    container.put("ENTRATOOL_SHM_DIR", vars.get("XDG_RUNTIME_DIR"));
    launch(jar, container, List.of("get-token", "-p", "network", "--silent"));
    run(Environment.of(container), "get-token", "-p", "network", "--silent");
  }

  /**
   * A plain get-token that the session tier cannot answer, which the front end hands to get-token's own code: token
   * requests (--force), and an answer from the encrypted cache, on the file store with each key source, with and
   * without a runtime directory. Profiles are made by processes of their own, so that the token archive holds no
   * command line.
   */
  private static void tokenRequests(Path jar, Map<String, String> vars, List<String> network, Path home)
      throws IOException, InterruptedException {
    if (network == null) {
      return;
    }
    Map<String, String> passphrase = new HashMap<>(vars);
    passphrase.put("ENTRATOOL_HOME", home.resolve("home-passphrase").toString());
    passphrase.put("ENTRATOOL_VAULT_PASSPHRASE", "training-passphrase");
    Map<String, String> container = new HashMap<>(vars);
    container.remove("XDG_RUNTIME_DIR");
    for (Map<String, String> each : List.of(vars, passphrase)) {
      launch(jar, each, configCreate(network));
      Environment env = Environment.of(each);
      run(env, "get-token", "-p", "network", "--force");
      run(env, "get-token", "-p", "network", "--silent", "--force");
    }
    Environment env = Environment.of(vars);
    run(env, "get-token", "-p", "network", "-f", "ClientCredentials", "--force", "-o",
        home.resolve("token-out.txt").toString());
    run(env, "get-token", "-p", "network", "--exec-credential", "--force");
    run(Environment.of(container), "get-token", "-p", "network", "--silent", "--force");
    // no session entry (after a reboot, say): the encrypted cache answers
    delete(Path.of(vars.get("XDG_RUNTIME_DIR"), "entratool"));
    run(env, "get-token", "-p", "network", "--silent");
  }

  /** The commands scripts call most, through the full command line too, and token requests over TLS. */
  private static void full(Environment env, List<String> network, String tokenFile, Path home) {
    run(env, "config", "create", "--name", "created", "--tenant", "contoso.onmicrosoft.com", "--client-id",
        "00000000-0000-4000-8000-000000000002", "--secret-stdin");
    run(env, "config", "list");
    run(env, "config", "list", "--json");
    run(env, "config", "show", "-p", "created");
    run(env, "discover", "-f", tokenFile);
    run(env, "discover", "-f", tokenFile, "--json");
    run(Terminal.NONE, env, "inspect", "-f", tokenFile);
    run(new Terminal(false, true), env, "inspect", "-f", tokenFile);
    run(env, "inspect", "-f", tokenFile, "--full");
    run(env, "--help");
    run(env, "get-token", "--help");
    if (network == null) {
      return;
    }
    run(env, configCreate(network).toArray(String[]::new));
    for (List<String> call : List.of(List.of("get-token", "-p", "network"),
        List.of("get-token", "-p", "network", "--silent"), List.of("get-token", "-p", "network", "--json"),
        List.of("get-token", "-p", "network", "-o", home.resolve("token-out.txt").toString()),
        List.of("get-token", "-p", "network", "--force"))) {
      run(env, call.toArray(String[]::new));
    }
  }

  /** {@code config create} of the profile that asks the emulator for tokens. */
  private static List<String> configCreate(List<String> network) {
    List<String> create = new ArrayList<>(List.of("config", "create"));
    create.addAll(network);
    return create;
  }

  /** entratool run by a JVM of its own, as the launcher runs it, with the secret on stdin. */
  private static void launch(Path jar, Map<String, String> vars, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(JAVA, "-Dpicocli.disable.closures=true", "-cp", jar.toString(),
        Main.class.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(vars);
    Process process = builder.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write((SECRET + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", args) + " failed (exit " + process.exitValue() + ")");
    }
  }

  /**
   * Builds the static archive for {@code jar} from the training's class list, all of it: the lambdas that implement
   * azure-json's callbacks (MSAL's JSON parsing) were once left out, as JDK 17 would not archive them while azure-json
   * came as a signed jar; inside the one jar, unsigned, they are archived like the others. Never fails the build:
   * without an archive the launcher runs without one, only slower.
   */
  private static void dump(Path classList, Path archive, String jar) throws IOException, InterruptedException {
    Files.deleteIfExists(archive);
    Process dump = new ProcessBuilder(JAVA, "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
        "-XX:SharedArchiveFile=" + archive, "-Xlog:disable", "-cp", jar).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Path jdk = archive.resolveSibling(archive.getFileName() + ".jdk");
    if (dump.waitFor() != 0) {
      Files.deleteIfExists(archive);
      Files.deleteIfExists(jdk);
      System.err.println("warning: no class-data-sharing archive (java -Xshare:dump failed); entratool starts slower");
      return;
    }
    writeJdkBuild(jdk, JAVA);
  }

  /**
   * JAR.id: what bin/entratool names the jar's per-user archive folder by on JDK 19 and newer, read there without a
   * process (a checksum of the jar would cost each run two): the start of the jar's SHA-256, in hex.
   */
  private static void writeJarId(Path jar) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String id = HexFormat.of().formatHex(sha256.digest(Files.readAllBytes(jar))).substring(0, 16);
    Files.writeString(jar.resolveSibling(jar.getFileName() + ".id"), id + "\n", StandardCharsets.UTF_8);
  }

  /**
   * @param java the java that made the archive, which bin/entratool compares a java on PATH with; "" when its place
   *     is not known yet (a release's runtime, which the launcher finds by its own place)
   */
  private static void writeJdkBuild(Path file, String java) throws IOException {
    Files.writeString(file, jdkBuild() + "\n" + java + "\n", StandardCharsets.UTF_8);
  }

  /**
   * The JDK build that made the archive, as bin/entratool reads it from a JDK's release file: these lines in the
   * file's order, each followed by a space. The launcher passes the archive only to a JVM of the same build.
   */
  private static String jdkBuild() throws IOException {
    StringBuilder key = new StringBuilder();
    for (String line : Files.readAllLines(Path.of(System.getProperty("java.home"), "release"),
        StandardCharsets.UTF_8)) {
      if (line.startsWith("IMPLEMENTOR=") || line.startsWith("IMPLEMENTOR_VERSION=")
          || line.startsWith("JAVA_RUNTIME_VERSION=")) {
        key.append(line).append(' ');
      }
    }
    return key.toString();
  }

  private static void run(Environment env, String... args) {
    run(Terminal.NONE, env, args);
  }

  /** One command through the product's entry point, with the secret on stdin for the commands that read it. */
  private static void run(Terminal terminal, Environment env, String... args) {
    Main.run(args, NONE, NONE, env, Clock.systemUTC(), Sleeper.system(),
        new ByteArrayInputStream((SECRET + "\n").getBytes(StandardCharsets.UTF_8)), terminal);
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
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
