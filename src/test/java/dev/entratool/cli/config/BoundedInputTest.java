package dev.entratool.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.TestBundles;
import dev.entratool.transfer.SealedBundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing the config commands read is unbounded: a bundle (from a file or from standard input, endless or merely
 * huge, with or without line breaks), a passphrase or a secret piped in. Each stops at its limit with one clear
 * error, having read little more than the limit, and changes nothing.
 */
class BoundedInputTest {
  static final String PASSPHRASE = TestBundles.PASSPHRASE;
  static final String CLIENT = "12345678-1234-1234-1234-123456789abc";
  static final String TOO_LARGE = "Error: This is not an entratool profile bundle: it goes on past 8 MiB, and a "
      + "bundle is never larger\nHint: Give the file written by 'entratool config export'\n";

  @TempDir static Path shared;
  static Path bundle;
  @TempDir Path home;

  @BeforeAll
  static void sealOne() throws IOException {
    bundle = TestBundles.writePublicClient(shared.resolve("me.bundle"));
  }

  private CliRunner cli() {
    return new CliRunner(home).env("ENTRATOOL_EXPORT_PASSPHRASE", PASSPHRASE);
  }

  /**
   * Standard input that never ends: {@code line} over and over (or one byte forever when it is a single character),
   * counting what was read.
   */
  private static final class Endless extends InputStream {
    private final byte[] pattern;
    private final AtomicLong read = new AtomicLong();

    Endless(String line) {
      pattern = line.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public int read() {
      return pattern[(int) (read.getAndIncrement() % pattern.length)] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        b[off + i] = (byte) read();
      }
      return len;
    }

    long bytesRead() {
      return read.get();
    }
  }

  private void assertNothingWritten() throws IOException {
    try (var files = Files.list(home)) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("profiles.json", "secrets.vault");
    }
  }

  @Test
  void aBundleFileThatNeverEndsOrIsHugeIsRefusedAtTheLimit() throws IOException {
    Path huge = home.resolveSibling(home.getFileName() + "-huge.bundle");
    // a real bundle, then more text than any bundle holds
    Files.writeString(huge, Files.readString(bundle) + "x".repeat(SealedBundle.MAX_TEXT) + "\n");
    for (String file : List.of("/dev/zero", huge.toString())) {
      CliRunner.Result r = cli().run("config", "import", "-i", file);
      assertThat(r.exitCode()).as(file).isEqualTo(3);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).as(file).isEqualTo(TOO_LARGE);
    }
    assertNothingWritten();
  }

  @Test
  void aBundleOnStandardInputThatNeverEndsIsRefusedAtTheLimit() throws IOException {
    // one endless line, endless lines of base64, and a BEGIN line followed by endless base64 lines
    for (String pattern : List.of("\0", "QUJD\n", "-----BEGIN ENTRATOOL PROFILES-----\nQUJDRA==\r\n")) {
      Endless stdin = new Endless(pattern);
      CliRunner.Result r = cli().runWithStream(stdin, false, "config", "import");
      assertThat(r.exitCode()).as(pattern).isEqualTo(3);
      assertThat(r.err()).as(pattern).isEqualTo(TOO_LARGE);
      // the limit counts the text kept (a \r\n kept as \n): what is read stays within a small multiple of it
      assertThat(stdin.bytesRead()).as("bytes read of %s", pattern).isLessThan(2L * SealedBundle.MAX_TEXT);
    }
    assertNothingWritten();
  }

  @Test
  void aPassphraseOrSecretOnStandardInputThatNeverEndsIsRefused() throws IOException {
    CliRunner.Result passphrase = new CliRunner(home).runWithStream(new Endless("p"), false, "config", "import",
        "-i", bundle.toString(), "--passphrase-stdin");
    assertThat(passphrase.exitCode()).isEqualTo(2);
    assertThat(passphrase.err()).isEqualTo("Error: The passphrase on standard input is longer than 16384 "
        + "characters\nHint: Pipe only the passphrase, on one line\n");
    assertNothingWritten();

    CliRunner.Result created = cli().runWithStream(new Endless("s"), false, "config", "create", "--name", "sp",
        "--tenant", "common", "--client-id", CLIENT, "--secret-stdin");
    assertThat(created.exitCode()).isEqualTo(2);
    assertThat(created.err()).isEqualTo("Error: The client secret on standard input is longer than 16384 "
        + "characters\nHint: Pipe only the client secret, on one line\n");
    assertNothingWritten();

    assertThat(cli().runWithStdin("s\n", "config", "create", "--name", "sp", "--tenant", "common", "--client-id",
        CLIENT, "--secret-stdin").exitCode()).isZero();
    byte[] before = Files.readAllBytes(home.resolve("profiles.json"));
    CliRunner.Result edited = cli().runWithStream(new Endless("s"), false, "config", "edit", "-p", "sp",
        "--secret-stdin");
    assertThat(edited.exitCode()).isEqualTo(2);
    assertThat(edited.err()).isEqualTo("Error: The secret on standard input is longer than 16384 characters\n"
        + "Hint: Pipe only the secret, on one line\n");
    assertThat(Files.readAllBytes(home.resolve("profiles.json"))).isEqualTo(before);
  }
}
