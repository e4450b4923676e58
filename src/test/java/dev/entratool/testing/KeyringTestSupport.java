package dev.entratool.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Tests that need a real Secret Service. scripts/run-tests.sh runs the suite in a private D-Bus session with an
 * unlocked GNOME Keyring and sets ENTRATOOL_TEST_KEYRING=1; without it these tests are skipped, never faked.
 */
public final class KeyringTestSupport {
  private KeyringTestSupport() {}

  public static void assumeKeyring() {
    assumeTrue("1".equals(System.getenv("ENTRATOOL_TEST_KEYRING")),
        "no Secret Service session (run the suite with scripts/run-tests.sh)");
  }

  /** What {@code secret-tool lookup service entratool account ACCOUNT} prints, or null when nothing is stored. */
  public static String secretToolLookup(String account) throws IOException, InterruptedException {
    return secretTool("lookup", "service", "entratool", "account", account);
  }

  /**
   * Stores a second item for {@code account}: its attributes include service and account (and {@code origin=test},
   * which tells it apart), so every search for the account matches it too. Remove it with
   * {@code secretTool("clear", "account", account, "origin", "test")}.
   */
  public static void storeLookalike(String account, String secret) throws IOException, InterruptedException {
    Process store = new ProcessBuilder("secret-tool", "store", "--label=lookalike", "service", "entratool",
        "account", account, "origin", "test").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream in = store.getOutputStream()) {
      in.write(secret.getBytes(StandardCharsets.UTF_8));
    }
    if (!store.waitFor(30, TimeUnit.SECONDS) || store.exitValue() != 0) {
      store.destroyForcibly();
      throw new IllegalStateException("secret-tool store failed");
    }
  }

  /** Runs secret-tool; its stdout, or null when it exits non-zero (lookup of a missing entry). */
  public static String secretTool(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "secret-tool";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("secret-tool did not answer");
    }
    return p.exitValue() == 0 ? out.toString(StandardCharsets.UTF_8) : null;
  }
}
