package dev.entratool.testing;

import dev.entratool.Main;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Sleeper;
import dev.entratool.platform.Terminal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs the real command line in-process ({@link Main#run}: the fast path, else {@code CommandLine.execute}) with its
 * own ENTRATOOL_HOME, environment, stdin and captured stdout/stderr. Waits between tries of a token request and after
 * a device-code slow_down are recorded ({@link #sleeps()}), not slept.
 */
public final class CliRunner {
  /** What stderr ends with when a command's result could not be written to stdout. */
  public static final String STDOUT_NOT_WRITTEN = "Error: Cannot write the result to standard output\n"
      + "Hint: Check where standard output goes: a full disk, a closed pipe or a device that refuses writes\n";

  /** A memory file system that does not exist, for runs that must not touch the real /dev/shm. */
  public static final String NO_MEMORY_DIR = "/nonexistent/entratool-test-shm";

  private final Map<String, String> env = new HashMap<>();
  private final Path home;
  private Clock clock = Clock.systemUTC();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final Sleeper sleeper = sleeps::add;
  private boolean stderrTerminal;

  /** A result as a script sees it. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  /** Uses the encrypted-file secret store unless a test asks for the keyring. */
  public CliRunner(Path home) {
    this.home = home;
    env.put("ENTRATOOL_HOME", home.toString());
    env.put("ENTRATOOL_SECRET_STORE", "file");
    // never the user's own /dev/shm: without a runtime directory, no session tier unless a test gives a memory folder
    env.put("ENTRATOOL_SHM_DIR", NO_MEMORY_DIR);
    // java-keyring reads the real session bus address itself; handing it on lets keyring tests reach the same bus
    // through entratool's own Secret Service client, which a real run chooses where it answers.
    String bus = System.getenv("DBUS_SESSION_BUS_ADDRESS");
    if (bus != null) {
      env.put("DBUS_SESSION_BUS_ADDRESS", bus);
    }
  }

  public Path home() {
    return home;
  }

  public CliRunner env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  /** The environment the command sees. */
  public Map<String, String> environment() {
    return Map.copyOf(env);
  }

  public CliRunner clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** The waits the commands run so far would have slept, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** Makes stderr look like a terminal (as in a person's shell), for lines shown only there. */
  public CliRunner stderrTerminal(boolean terminal) {
    this.stderrTerminal = terminal;
    return this;
  }

  public Result run(String... args) {
    return run(null, false, args);
  }

  /** Runs with {@code stdin} piped in (not a terminal). */
  public Result runWithStdin(String stdin, String... args) {
    return run(stdin, false, args);
  }

  /** Runs as if a person typed {@code typed} at a terminal (prompts enabled). */
  public Result runInteractive(String typed, String... args) {
    return run(typed, true, args);
  }

  private Result run(String stdin, boolean terminal, String[] args) {
    byte[] in = stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8);
    return runWithStream(new ByteArrayInputStream(in), terminal, args);
  }

  /**
   * Runs with {@code stdin} as standard input, a terminal if {@code terminal}: a stream the test writes to as the
   * command runs (a {@link java.io.PipedInputStream}) holds the command at its read, so another can run meanwhile.
   */
  public Result runWithStream(InputStream stdin, boolean terminal, String... args) {
    Terminal terminals = new Terminal(terminal, stderrTerminal);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    int code = Main.run(args, outWriter, errWriter, Environment.of(env), clock, sleeper, stdin,
        terminals);
    return new Result(code, out.toString(), err.toString());
  }
}
