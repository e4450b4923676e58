package dev.entratool;

import dev.entratool.cli.AppContext;
import dev.entratool.cli.EntraToolCommand;
import dev.entratool.cli.fast.FastPath;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Terminal;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The build's training run for the class-data-sharing archive (pom.xml, -XX:ArchiveClassesAtExit): runs the
 * commands scripts call most, fast and full paths, in one JVM, so that the archive holds the classes each of them
 * loads, in a throwaway folder. Not a user command.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Class.forName(Main.class.getName()); // the real entry point is archived too, though not run here
    Environment.system().get("HOME");
    Path home = Files.createTempDirectory("entratool-cds-training");
    Map<String, String> vars = new HashMap<>(System.getenv());
    vars.put("ENTRATOOL_HOME", home.toString());
    vars.put("ENTRATOOL_SECRET_STORE", "file");
    vars.remove("ENTRATOOL_VAULT_PASSPHRASE");
    Environment env = Environment.of(vars);
    Clock clock = Clock.systemUTC();
    PrintWriter none = new PrintWriter(OutputStream.nullOutputStream());
    String token = token(clock.instant().getEpochSecond());
    String tokenFile = Files.writeString(home.resolve("token.txt"), token + "\n").toString();

    run(env, clock, none, "config", "create", "--name", "training", "--tenant", "contoso.onmicrosoft.com",
        "--client-id", "00000000-0000-4000-8000-000000000001", "--secret-stdin");
    run(env, clock, none, "config", "list");
    run(env, clock, none, "config", "list", "--json");
    run(env, clock, none, "config", "show", "-p", "training");
    run(env, clock, none, "discover", "-f", tokenFile, "--json");
    run(env, clock, none, "inspect", "-f", tokenFile);
    run(env, clock, none, "--help");
    run(env, clock, none, "get-token", "--help");

    FastPath.run(new String[] {"discover", "-f", tokenFile}, env, clock, Terminal.NONE, none, none);
    FastPath.run(new String[] {"inspect", "-f", tokenFile}, env, clock, new Terminal(false, true), none, none);
    // the fast get-token up to the Secret Service lookup: here no bus answers, so it stops there
    Map<String, String> keyring = new HashMap<>(vars);
    keyring.remove("ENTRATOOL_SECRET_STORE");
    keyring.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + home.resolve("no-bus"));
    FastPath.run(new String[] {"get-token", "-p", "training", "--silent"}, Environment.of(keyring), clock,
        Terminal.NONE, none, none);
    delete(home);
  }

  private static void delete(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  private static void run(Environment env, Clock clock, PrintWriter none, String... args) {
    AppContext context = new AppContext(env, clock,
        new ByteArrayInputStream("training-secret\n".getBytes(StandardCharsets.UTF_8)), Terminal.NONE, false);
    EntraToolCommand.execute(context, args, none, none);
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
}
