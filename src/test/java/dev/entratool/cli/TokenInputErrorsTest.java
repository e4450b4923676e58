package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.BadTokens;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.TestJwts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input never crashes {@code inspect} or {@code discover}: one Error line, one Hint line, exit 8, no stdout. */
class TokenInputErrorsTest {
  @TempDir Path home;
  private CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(home).clock(TestJwts.CLOCK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inspect", "discover"})
  void everyMalformedInputPipedInExitsEightWithOneLine(String command) {
    BadTokens.INPUTS.forEach((input, message) -> {
      if (input.length() >= BadTokens.TOO_LARGE) {
        return; // read from a pipe, the size cap speaks first: see the next test
      }
      Result r = cli.runWithStdin(input, command);

      assertThat(r.exitCode()).as("%.40s%n%s", input, r).isEqualTo(8);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).startsWith("Error: " + message + "\nHint: ").endsWith("\n");
      assertThat(r.err().lines()).hasSize(2);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"inspect", "discover"})
  void encryptedTokenSaysWhyItCannotBeRead(String command) {
    Result r = cli.run(command, "-t", "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d");

    assertThat(r.exitCode()).isEqualTo(8);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: Encrypted token (JWE, 5 parts): its claims cannot be read without the key\n"
        + "Hint: Only signed tokens (3 parts) can be inspected; "
        + "an encrypted token is readable by its audience alone\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"inspect", "discover"})
  void megabytesOfGarbageAreCappedWhereverTheyComeFrom(String command) throws Exception {
    String garbage = "A".repeat(BadTokens.TOO_LARGE);
    Path file = Files.writeString(home.resolve("huge.txt"), garbage);

    Result piped = cli.runWithStdin(garbage, command);
    Result fromFile = cli.run(command, "-f", file.toString());
    Result fromArg = cli.run(command, "-t", garbage);

    assertThat(piped.exitCode()).isEqualTo(8);
    assertThat(piped.err()).isEqualTo("Error: Input from standard input is larger than 1 MiB: that is not a JWT\n"
        + InspectCommandTest.MALFORMED_HINT);
    assertThat(fromFile.exitCode()).isEqualTo(8);
    assertThat(fromFile.err()).isEqualTo("Error: Input from token file " + file
        + " is larger than 1 MiB: that is not a JWT\n" + InspectCommandTest.MALFORMED_HINT);
    assertThat(fromArg.exitCode()).isEqualTo(8);
    assertThat(fromArg.err()).isEqualTo("Error: Input from the -t value is larger than 1 MiB: that is not a JWT\n"
        + InspectCommandTest.MALFORMED_HINT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inspect", "discover"})
  void emptyStdinFromACronJobExitsEight(String command) {
    Result r = cli.run(command);

    assertThat(r.exitCode()).isEqualTo(8);
    assertThat(r.err()).isEqualTo("Error: Empty input: there is no token to decode\n"
        + InspectCommandTest.MALFORMED_HINT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inspect", "discover"})
  void missingFileOrFolderExitsEightWithAClearMessage(String command) {
    Path missing = home.resolve("missing.txt");

    Result noFile = cli.run(command, "-f", missing.toString());
    Result folder = cli.run(command, "-f", home.toString());

    assertThat(noFile.exitCode()).isEqualTo(8);
    assertThat(noFile.out()).isEmpty();
    assertThat(noFile.err()).isEqualTo("Error: Token file not found: " + missing + "\n"
        + "Hint: Save a token first: entratool get-token -p NAME --silent > FILE\n");
    assertThat(folder.exitCode()).isEqualTo(8);
    assertThat(folder.err()).startsWith("Error: Token file " + home + " is a folder, not a file\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"inspect", "discover"})
  void invalidUtf8InAFileIsNotAJwt(String command) throws Exception {
    Path file = Files.write(home.resolve("bin.txt"), new byte[] {(byte) 0xFF, (byte) 0xFE, 'a', '.', 'b', '.', 'c'});

    Result r = cli.run(command, "-f", file.toString());

    assertThat(r.exitCode()).isEqualTo(8);
    assertThat(r.err()).isEqualTo("Error: Not a JWT: the header is not valid base64url\n"
        + InspectCommandTest.MALFORMED_HINT);
  }
}
