package dev.entratool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.Environment;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.MemoryRuntimeDir;
import dev.entratool.testing.TestJwts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Main#run}, the entry point: a command whose result cannot be written to stdout (a full disk, a closed pipe)
 * fails with exit 1 and an {@code Error:} line, whichever command it is and whichever path (the start-up fast path
 * or the full command line) answered it.
 */
class MainTest {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  MemoryRuntimeDir runtime;
  Map<String, String> env;
  String tokenFile;

  @BeforeEach
  void profile() throws Exception {
    runtime = new MemoryRuntimeDir(); // where the fast path finds a cached token
    String client = fx.registerSecretApp("main-secret");
    CliRunner cli = fx.cli(home.resolve("home")).env("XDG_RUNTIME_DIR", runtime.path.toString())
        .env("ENTRATOOL_EXPORT_PASSPHRASE", "correct horse battery staple");
    fx.createSecretProfile(cli, "sp", client, "main-secret", "https://graph.microsoft.com/.default");
    assertThat(cli.run("get-token", "-p", "sp").exitCode()).as("the token the fast path answers with").isZero();
    env = new HashMap<>(cli.environment());
    long now = Instant.now().getEpochSecond();
    tokenFile = Files.writeString(home.resolve("token.txt"), TestJwts.sign(TestJwts.graphClaims(now - 60,
        now + 3600))).toString();
  }

  @AfterEach
  void close() throws IOException {
    runtime.close();
  }

  /** Every command that prints a result, on the path that answers it. */
  List<String[]> commands() {
    return List.of(
        new String[] {"get-token", "-p", "sp"}, // fast path
        new String[] {"get-token", "-p", "sp", "--silent"}, // fast path
        new String[] {"get-token", "-p", "sp", "--json"},
        new String[] {"get-token", "-p", "sp", "--force", "--silent"}, // from the authority
        new String[] {"refresh", "-p", "sp", "--silent"},
        new String[] {"inspect", "-f", tokenFile}, // fast path
        new String[] {"inspect", "-f", tokenFile, "--header"},
        new String[] {"discover", "-f", tokenFile, "--json"},
        new String[] {"config", "list"},
        new String[] {"config", "list", "--json"},
        new String[] {"config", "show", "-p", "sp"},
        new String[] {"config", "export", "-p", "sp"},
        new String[] {"--version"},
        new String[] {"--help"},
        new String[] {"get-token", "--help"});
  }

  @Test
  void aResultThatCannotBeWrittenFailsTheCommand() {
    for (String[] args : commands()) {
      StringWriter err = new StringWriter();
      int code = Main.run(args, failingStdout(), new PrintWriter(err, true), Environment.of(env));
      assertThat(err.toString()).as(String.join(" ", args)).endsWith(CliRunner.STDOUT_NOT_WRITTEN)
          .doesNotContain("✓ Exported");
      assertThat(code).as(String.join(" ", args)).isEqualTo(1);
    }
  }

  @Test
  void theSameCommandsSucceedWhenStdoutTakesTheResult() {
    for (String[] args : commands()) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Environment.of(env));
      assertThat(code).as(String.join(" ", args) + "\n" + err).isZero();
      assertThat(out.toString()).as(String.join(" ", args)).isNotEmpty();
    }
  }

  @Test
  void aCommandThatFailedKeepsItsOwnExitCode() {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"get-token", "-p", "no-such-profile"}, failingStdout(),
        new PrintWriter(err, true), Environment.of(env));
    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).startsWith("Error: Profile 'no-such-profile' not found")
        .doesNotContain(CliRunner.STDOUT_NOT_WRITTEN);
  }

  /** Stdout on a full disk: every write fails, as a PrintWriter over the real stream then sees it. */
  static PrintWriter failingStdout() {
    return new PrintWriter(new Writer() {
      @Override
      public void write(char[] chars, int offset, int length) throws IOException {
        throw new IOException("No space left on device");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    }, true);
  }
}
