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

class DiscoverCommandTest {
  private static final String VALID_LINE = "✓ Token valid for 42 minutes (expires 2026-11-24T15:30:00Z)\n";

  @TempDir Path home;
  private CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(home).clock(TestJwts.CLOCK);
  }

  @Test
  void validTokenExitsZeroWithOneStatusLine() throws Exception {
    Path file = Files.writeString(home.resolve("token.txt"), TestJwts.valid() + "\n");

    Result r = cli.run("discover", "-f", file.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(VALID_LINE);
  }

  @Test
  void expiredTokenExitsSeven() {
    Result r = cli.run("discover", "-t", TestJwts.expired());

    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("✗ Token expired 3 minutes ago\n");
  }

  @Test
  void tokenExpiringThisVerySecondIsExpired() {
    Result r = cli.run("discover", "-t", TestJwts.sign(Map.of("exp", NOW.getEpochSecond())));

    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(r.err()).isEqualTo("✗ Token expired 0 seconds ago\n");
  }

  @Test
  void notYetValidTokenExitsSeven() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("nbf", NOW.getEpochSecond() + 300);
    claims.put("exp", NOW.getEpochSecond() + 3900);

    Result r = cli.runWithStdin(TestJwts.sign(claims), "discover");

    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(r.err()).isEqualTo("✗ Token not valid yet: valid from 2026-11-24T14:53:00Z (in 5 minutes)\n");
  }

  @Test
  void minValidityDemandsHeadroom() {
    Result enough = cli.run("discover", "--min-validity", "42", "-t", TestJwts.valid());
    Result tooLittle = cli.run("discover", "--min-validity", "43", "-t", TestJwts.valid());

    assertThat(enough.exitCode()).as(enough.toString()).isZero();
    assertThat(enough.err()).isEqualTo(VALID_LINE);
    assertThat(tooLittle.exitCode()).isEqualTo(7);
    assertThat(tooLittle.err()).isEqualTo(
        "✗ Token valid for only 42 minutes, less than the 43 minutes required (expires 2026-11-24T15:30:00Z)\n");
  }

  /** NumericDates may be fractional: read to the nanosecond, printed in whole seconds; the same through -t and -f. */
  @Test
  void fractionalDatesAreExactAndPrintInWholeSeconds() throws Exception {
    String valid = TestJwts.token("{\"alg\":\"RS256\"}",
        "{\"nbf\":" + (NOW.getEpochSecond() - 60) + ".25,\"exp\":" + (NOW.getEpochSecond() + 2520) + ".75}");
    String justExpired = TestJwts.token("{\"alg\":\"RS256\"}", "{\"exp\":" + (NOW.getEpochSecond() - 1) + ".5e0}");
    Path validFile = Files.writeString(home.resolve("valid.txt"), valid);
    Path expiredFile = Files.writeString(home.resolve("expired.txt"), justExpired);

    for (String[] input : List.of(new String[] {"-t", valid}, new String[] {"-f", validFile.toString()})) {
      Result r = cli.run("discover", input[0], input[1]);
      assertThat(List.of(r.exitCode(), r.out(), r.err())).isEqualTo(List.of(0, "", VALID_LINE));
    }
    for (String[] input : List.of(new String[] {"-t", justExpired}, new String[] {"-f", expiredFile.toString()})) {
      Result r = cli.run("discover", input[0], input[1]);
      assertThat(List.of(r.exitCode(), r.out(), r.err()))
          .isEqualTo(List.of(7, "", "✗ Token expired 0 seconds ago\n"));
    }
    Result json = cli.run("discover", "-q", "--json", "-f", expiredFile.toString());
    assertThat(json.exitCode()).isEqualTo(7);
    assertThat(json.out()).isEqualTo("""
        {
          "valid": false,
          "expiresOn": "2026-11-24T14:47:59Z",
          "expiresIn": -1,
          "expired": true,
          "notBefore": null,
          "audience": null,
          "tenantId": null,
          "appId": null
        }
        """);
  }

  @Test
  void badMinValidityIsAUsageError() {
    Result negative = cli.run("discover", "--min-validity", "-1", "-t", TestJwts.valid());
    Result word = cli.run("discover", "--min-validity", "ten", "-t", TestJwts.valid());

    assertThat(negative.exitCode()).isEqualTo(2);
    assertThat(negative.err()).isEqualTo("Error: --min-validity must be 0 or more minutes\n"
        + "Hint: Run 'entratool discover --help' for usage\n");
    assertThat(word.exitCode()).isEqualTo(2);
    assertThat(word.err()).startsWith("Error: Invalid value for option '--min-validity': 'ten' is not an int\n");
  }

  @Test
  void jsonGoesToStdoutAndStatusStaysOnStderr() {
    Result r = cli.run("discover", "--json", "-t", TestJwts.valid());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("""
        {
          "valid": true,
          "expiresOn": "2026-11-24T15:30:00Z",
          "expiresIn": 2520,
          "expired": false,
          "notBefore": "2026-11-24T14:30:00Z",
          "audience": "https://graph.microsoft.com",
          "tenantId": "%s",
          "appId": "%s"
        }
        """.formatted(TestJwts.TENANT, TestJwts.APP_ID));
    assertThat(r.err()).isEqualTo(VALID_LINE);
  }

  @Test
  void jsonOfAnExpiredV2TokenWithAudienceList() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", List.of("api://one", "api://two"));
    claims.put("azp", "v2-client");
    claims.put("exp", NOW.getEpochSecond() - 180);

    Result r = cli.run("discover", "--json", "--quiet", "-t", TestJwts.sign(claims));

    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(r.out()).isEqualTo("""
        {
          "valid": false,
          "expiresOn": "2026-11-24T14:45:00Z",
          "expiresIn": -180,
          "expired": true,
          "notBefore": null,
          "audience": [
            "api://one",
            "api://two"
          ],
          "tenantId": null,
          "appId": "v2-client"
        }
        """);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void quietPrintsNothingWhateverTheOutcome() {
    Result valid = cli.run("discover", "--quiet", "-t", TestJwts.valid());
    Result expired = cli.run("discover", "-q", "-t", TestJwts.expired());
    Result missing = cli.run("discover", "-q", "-f", home.resolve("missing.txt").toString());
    Result malformed = cli.runWithStdin("garbage", "discover", "-q");

    assertThat(List.of(valid.exitCode(), expired.exitCode(), missing.exitCode(), malformed.exitCode()))
        .containsExactly(0, 7, 8, 8);
    for (Result r : List.of(valid, expired, missing, malformed)) {
      assertThat(r.out() + r.err()).isEmpty();
    }
  }

  @Test
  void tokenWithoutExpCannotBeCheckedAndExitsEight() {
    Result r = cli.run("discover", "-t", TestJwts.sign(Map.of("aud", "x")));

    assertThat(r.exitCode()).isEqualTo(8);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error: The token has no 'exp' claim: its validity cannot be checked\n"
        + InspectCommandTest.MALFORMED_HINT);
  }

  // Two exp claims: readers that keep the first and readers that keep the last would disagree about the token.
  @Test
  void aClaimNamedTwiceIsNotAJwtAndExitsEight() throws Exception {
    String twice = TestJwts.token("{\"alg\":\"RS256\"}",
        "{\"exp\":" + (NOW.getEpochSecond() - 60) + ",\"exp\":" + (NOW.getEpochSecond() + 3600) + "}");
    Path file = Files.writeString(home.resolve("twice.txt"), twice);

    for (Result r : List.of(cli.run("discover", "-t", twice), cli.run("discover", "-f", file.toString()),
        cli.run("inspect", "-f", file.toString()))) {
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(8);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("Error: Not a JWT: the payload holds the same name twice (names must be unique)\n"
          + InspectCommandTest.MALFORMED_HINT);
    }
  }

  @Test
  void expThatIsNotADateExitsEight() {
    Result r = cli.run("discover", "-t", TestJwts.sign(Map.of("exp", 1e300)));

    assertThat(r.exitCode()).isEqualTo(8);
    assertThat(r.err()).isEqualTo("Error: Claim 'exp' is out of the range of dates (years 1 to 9999)\n"
        + InspectCommandTest.MALFORMED_HINT);
  }

  @Test
  void helpSaysExitCodesNoSignatureCheckAndNoNetwork() {
    Result r = cli.run("discover", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("Exit 0 when valid, 7 when expired or not yet valid, 8 when missing or malformed")
        .contains("the signature is NOT checked and no network call is made")
        .contains("--min-validity=MINUTES").contains("-q, --quiet").contains("--json");
  }
}
