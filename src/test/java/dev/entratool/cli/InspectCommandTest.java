package dev.entratool.cli;

import static dev.entratool.testing.TestJwts.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.TestJwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  static final String MALFORMED_HINT = "Hint: Pass the access token itself (three base64url parts separated by dots),"
      + " e.g. from 'entratool get-token -p NAME --silent'\n";

  @TempDir Path home;
  private CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(home).clock(TestJwts.CLOCK);
  }

  /** The claims of {@link TestJwts#valid()} as {@code inspect} prints them. */
  static String validClaimsJson() {
    long iat = NOW.getEpochSecond() - 18 * 60;
    return """
        {
          "aud": "https://graph.microsoft.com",
          "iss": "https://sts.windows.net/%s/",
          "iat": %d,
          "nbf": %d,
          "exp": %d,
          "appid": "%s",
          "scp": "User.Read Mail.Read",
          "roles": [],
          "tid": "%s"
        }
        """.formatted(TestJwts.TENANT, iat, iat, NOW.getEpochSecond() + 42 * 60, TestJwts.APP_ID, TestJwts.TENANT);
  }

  @Test
  void printsClaimsAsPrettyJsonFromTokenOption() {
    Result r = cli.run("inspect", "-t", TestJwts.valid());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(validClaimsJson());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void readsPipedStdinWithTrailingNewlineOrBearerPrefix() {
    String token = TestJwts.valid();
    for (String piped : List.of(token + "\n", "Bearer " + token + "\r\n", "  " + token)) {
      Result r = cli.runWithStdin(piped, "inspect");

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo(validClaimsJson());
      assertThat(r.err()).isEmpty();
    }
  }

  @Test
  void dashMeansStandardInputEvenFromATerminal() {
    for (List<String> args :
        List.of(List.of("inspect", "-"), List.of("inspect", "-t", "-"), List.of("inspect", "-f", "-"))) {
      Result r = cli.runInteractive(TestJwts.valid() + "\n", args.toArray(String[]::new));

      assertThat(r.exitCode()).as(args + "\n" + r).isZero();
      assertThat(r.out()).isEqualTo(validClaimsJson());
    }
  }

  @Test
  void readsTokenFile() throws Exception {
    Path file = Files.writeString(home.resolve("token.txt"), TestJwts.valid() + "\n");

    Result r = cli.run("inspect", "-f", file.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(validClaimsJson());
    assertThat(r.err()).isEmpty();
  }

  /**
   * The bytes inspect prints, pinned: numbers exactly as written (1E+400 stays, 1.50 keeps its zero, -0 is 0),
   * control characters escaped (the short forms, else four upper-case hex digits), everything else (DEL, slash,
   * accents, emoji, a lone surrogate) as is. The same through the full command line (-t) and the start-up fast path
   * (-f), on a terminal and off.
   */
  @Test
  void printsNumbersAsWrittenAndEscapesOnlyControlCharacters() throws Exception {
    Map<String, String> printed = new LinkedHashMap<>();
    printed.put("{\"n\":[1.50,-0,1e400,2.5E-3,123456789012345678901234567890,-1.0e-5,0E+3,-0.0,1e999999999],"
        + "\"o\":{\"a\":{},\"b\":[[]]},\"t\":true,\"f\":false,\"z\":null}", """
        {
          "n": [
            1.50,
            0,
            1E+400,
            0.0025,
            123456789012345678901234567890,
            -0.000010,
            0E+3,
            0.0,
            1E+999999999
          ],
          "o": {
            "a": {},
            "b": [
              []
            ]
          },
          "t": true,
          "f": false,
          "z": null
        }
        """);
    printed.put("{\"s\":\"tab\\t nl\\n cr\\r bs\\b ff\\f ctl\\u0001\\u001f del\\u007f quote\\\" back\\\\ "
        + "slash\\/ \\u00e9 \\ud83d\\ude00 lone\\ud800\",\"k\\u0000ey\":\"\"}", """
        {
          "s": "tab\\t nl\\n cr\\r bs\\b ff\\f ctl\\u0001\\u001F del\u007f quote\\" back\\\\ slash/ \
        \u00e9 \ud83d\ude00 lone\ud800",
          "k\\u0000ey": ""
        }
        """);
    for (Map.Entry<String, String> e : printed.entrySet()) {
      String token = TestJwts.token("{\"alg\":\"RS256\"}", e.getKey());
      Path file = Files.writeString(home.resolve("token.txt"), token + "\n");
      for (boolean terminal : new boolean[] {false, true}) {
        CliRunner runner = new CliRunner(home).clock(TestJwts.CLOCK).stderrTerminal(terminal);
        for (Result r : List.of(runner.run("inspect", "-t", token), runner.run("inspect", "-f", file.toString()))) {
          assertThat(r.exitCode()).as(r.toString()).isZero();
          assertThat(r.out()).as(e.getKey()).isEqualTo(e.getValue());
          assertThat(r.err()).isEqualTo(terminal ? "No expiry: the token has no 'exp' claim\n" : "");
        }
      }
    }
  }

  @Test
  void headerOptionAddsTheJoseHeader() {
    String token = TestJwts.token("{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"k1\"}", "{\"scp\":\"User.Read\"}");

    Result r = cli.run("inspect", "--header", "-t", token);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("""
        {
          "header": {
            "typ": "JWT",
            "alg": "RS256",
            "kid": "k1"
          },
          "claims": {
            "scp": "User.Read"
          }
        }
        """);
  }

  @Test
  void fullOptionAddsExpiryAtTheInjectedClock() {
    String token = TestJwts.token("{\"alg\":\"none\"}",
        "{\"exp\":" + (NOW.getEpochSecond() - 180) + ",\"roles\":[\"Admin\",\"Reader\"],\"ver\":1.0}");

    Result r = cli.run("inspect", "--full", "-t", token);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("""
        {
          "header": {
            "alg": "none"
          },
          "claims": {
            "exp": %d,
            "roles": [
              "Admin",
              "Reader"
            ],
            "ver": 1.0
          },
          "expiresOn": "2026-11-24T14:45:00Z",
          "expiresIn": -180,
          "expired": true
        }
        """.formatted(NOW.getEpochSecond() - 180));
  }

  @Test
  void fullOptionWithoutExpGivesNulls() {
    Result r = cli.run("inspect", "--full", "-t", TestJwts.sign(Map.of("sub", "x")));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).endsWith("""
          "expiresOn": null,
          "expiresIn": null,
          "expired": null
        }
        """);
  }

  @Test
  void fullOptionRejectsAnExpThatIsNotADate() {
    Result r = cli.run("inspect", "--full", "-t", TestJwts.sign(Map.of("exp", "soon")));

    assertThat(r.exitCode()).isEqualTo(8);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: Claim 'exp' is not a number of seconds since 1970\n" + MALFORMED_HINT);
  }

  @Test
  void onATerminalAHumanExpiryLineGoesToStderr() {
    assertThat(runWithTtyStderr("inspect", "-t", TestJwts.valid()))
        .isEqualTo(List.of(0, validClaimsJson(), "Expires 2026-11-24 15:30 UTC (in 42 minutes)\n"));
    assertThat(runWithTtyStderr("inspect", "-t", TestJwts.expired()).get(2))
        .isEqualTo("Expired 2026-11-24 14:45 UTC (3 minutes ago)\n");
    assertThat(runWithTtyStderr("inspect", "-t", TestJwts.sign(Map.of("exp", "soon"))))
        .isEqualTo(List.of(0, "{\n  \"exp\": \"soon\"\n}\n",
            "Expiry unknown: Claim 'exp' is not a number of seconds since 1970\n"));
  }

  @Test
  void terminalStdinWithoutInputIsAUsageErrorNotAHang() {
    Result r = cli.runInteractive("", "inspect");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: No token given\n"
        + "Hint: Pass -t TOKEN, -f FILE or -p PROFILE, or pipe one in: entratool get-token -p NAME --silent | entratool inspect\n");
  }

  @Test
  void helpSaysNoSignatureCheckAndNoNetwork() {
    Result r = cli.run("inspect", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("Decoding only: the signature is NOT checked and no network call is made")
        .contains("-t, --token=TOKEN").contains("-f, --file=FILE").contains("--full").contains("--header")
        .contains("8 no usable token");
  }

  @Test
  void conflictingInputsAreAUsageError() {
    Result both = cli.run("inspect", "-t", TestJwts.valid(), "-f", "token.txt");
    Result stray = cli.run("inspect", "token.txt");

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).isEqualTo("Error: Give the token one way only: -t, -f, -p or '-'\n"
        + "Hint: Run 'entratool inspect --help' for usage\n");
    assertThat(stray.exitCode()).isEqualTo(2);
    assertThat(stray.err())
        .isEqualTo("Error: Unexpected argument: only '-' (standard input) may stand without an option\n"
        + "Hint: Pass a token with -t TOKEN or a file with -f FILE\n");
  }

  // As in a person's shell: the expiry line appears only when stderr is a terminal.
  private List<Object> runWithTtyStderr(String... args) {
    Result r = new CliRunner(home).clock(TestJwts.CLOCK).stderrTerminal(true).run(args);
    return List.of(r.exitCode(), r.out(), r.err());
  }
}
