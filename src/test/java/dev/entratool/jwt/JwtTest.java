package dev.entratool.jwt;

import static dev.entratool.testing.TestJwts.b64;
import static dev.entratool.testing.TestJwts.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.ExitCode;
import dev.entratool.json.PrettyJson;
import dev.entratool.testing.BadTokens;
import dev.entratool.testing.TestJwts;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTest {
  private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

  @Test
  void decodesHeaderAndClaimsKeepingTypesAndOrder() {
    Jwt jwt = Jwt.decode(TestJwts.valid());

    assertThat(jwt.header().get("alg")).isEqualTo("RS256");
    assertThat(jwt.claims().keySet())
        .containsExactly("aud", "iss", "iat", "nbf", "exp", "appid", "scp", "roles", "tid");
    assertThat(jwt.claims().get("exp")).isEqualTo(BigInteger.valueOf(TestJwts.NOW.getEpochSecond() + 42 * 60));
    assertThat(jwt.claims().get("roles")).isEqualTo(List.of());
    assertThat(jwt.expiresOn()).contains(Instant.parse("2026-11-24T15:30:00Z"));
    assertThat(jwt.notBefore()).contains(Instant.parse("2026-11-24T14:30:00Z"));
    assertThat(jwt.tenantId()).isEqualTo(TestJwts.TENANT);
    assertThat(jwt.appId()).isEqualTo(TestJwts.APP_ID);
    assertThat(jwt.audience()).isEqualTo("https://graph.microsoft.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"  %s  ", "%s\n", "%s\r\n", "Bearer %s", "bearer  %s\n", "\uFEFF%s", "\t Bearer\t%s \n"})
  void toleratesWhitespaceBearerPrefixAndByteOrderMark(String wrapping) {
    String token = TestJwts.valid();

    assertThat(Jwt.decode(wrapping.formatted(token)).claims()).isEqualTo(Jwt.decode(token).claims());
  }

  @Test
  void acceptsAnUnsignedTokenAndPaddedParts() {
    String unsigned = b64(HEADER) + "." + b64("{\"sub\":\"x\"}") + ".";
    String padded = b64(HEADER) + "." + b64("{\"a\":1}") + "==" .substring(0, (4 - b64("{\"a\":1}").length() % 4) % 4)
        + ".c2ln";

    assertThat(Jwt.decode(unsigned).claims().get("sub")).isEqualTo("x");
    assertThat(Jwt.decode(padded).claims().get("a")).isEqualTo(BigInteger.ONE);
  }

  @Test
  void appIdFallsBackToAzpOfV2Tokens() {
    Jwt jwt = Jwt.decode(TestJwts.sign(Map.of("azp", "v2-client")));

    assertThat(jwt.appId()).isEqualTo("v2-client");
    assertThat(jwt.tenantId()).isNull();
    assertThat(jwt.expiresOn()).isEmpty();
  }

  @Test
  void readsFractionalNumericDates() {
    Jwt jwt = Jwt.decode(token(HEADER, "{\"exp\":1795012200.25}"));

    assertThat(jwt.expiresOn()).contains(Instant.ofEpochSecond(1795012200, 250_000_000));
  }

  @Test
  void theDateRangeIsYear1ToYear9999() {
    assertThat(TokenValidity.FIRST_SECOND).isEqualTo(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond());
    assertThat(TokenValidity.END_SECOND).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond());
  }

  @Test
  void acceptsDatesFromYear1ToYear9999() {
    Jwt jwt = Jwt.decode(token(HEADER, "{\"nbf\":-62135596800,\"exp\":253402300799.999}"));

    assertThat(jwt.notBefore()).contains(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(jwt.expiresOn()).contains(Instant.parse("9999-12-31T23:59:59.999Z"));
    assertThat(TokenValidity.of(jwt, Instant.EPOCH).expiryLine())
        .isEqualTo("Expires 9999-12-31 23:59 UTC (in 2932896 days 23 hours)");
  }

  @Test
  @Timeout(5)
  void aDateWithAHugeNegativeExponentIsZeroNotAHang() {
    Jwt jwt = Jwt.decode(token(HEADER, "{\"exp\":1e-999999999,\"nbf\":-1e-99999999}"));

    assertThat(jwt.expiresOn()).contains(Instant.EPOCH);
    assertThat(jwt.notBefore()).contains(Instant.EPOCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"exp\":\"tomorrow\"}", "{\"exp\":true}", "{\"exp\":[1]}"})
  void rejectsADateClaimThatIsNotANumber(String payload) {
    Jwt jwt = Jwt.decode(token(HEADER, payload));

    assertThatThrownBy(jwt::expiresOn).isInstanceOf(JwtFormatException.class)
        .hasMessage("Claim 'exp' is not a number of seconds since 1970");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"nbf\":1e300}", "{\"nbf\":-99999999999999999999}", "{\"nbf\":253402300800}", "{\"nbf\":-62135596801}"})
  void rejectsADateClaimOutOfRange(String payload) {
    Jwt jwt = Jwt.decode(token(HEADER, payload));

    assertThatThrownBy(jwt::notBefore).isInstanceOf(JwtFormatException.class)
        .hasMessage("Claim 'nbf' is out of the range of dates (years 1 to 9999)");
  }

  @Test
  void keepsLargeAndPreciseNumbersAsWritten() {
    Jwt jwt = Jwt.decode(token(HEADER, "{\"big\":1e400,\"n\":123456789012345678901234567890,\"f\":150.0}"));

    assertThat(PrettyJson.write(jwt.claims()))
        .isEqualTo("{\n  \"big\": 1E+400,\n  \"n\": 123456789012345678901234567890,\n  \"f\": 150.0\n}");
  }

  // RFC 7519 lets a reader refuse a repeated name or keep the last one: refusing leaves no doubt which 'exp' counts.
  @Test
  void aNameTwiceInTheHeaderOrTheClaimsIsRefused() {
    for (String[] parts : new String[][] {
        {HEADER, "{\"exp\":1,\"exp\":2}"},
        {HEADER, "{\"a\":{\"b\":1,\"b\":1}}"},
        {"{\"alg\":\"RS256\",\"alg\":\"none\"}", "{}"}}) {
      String where = parts[0].equals(HEADER) ? "payload" : "header";
      assertThatThrownBy(() -> Jwt.decode(token(parts[0], parts[1]))).as(parts[0] + parts[1])
          .isInstanceOf(JwtFormatException.class)
          .hasMessage("Not a JWT: the " + where + " holds the same name twice (names must be unique)");
    }
  }

  @Test
  void toStringShowsNoClaims() {
    Jwt jwt = Jwt.decode(TestJwts.valid());

    assertThat(jwt.toString()).isEqualTo("Jwt[alg=RS256, 9 claims]").doesNotContain("graph");
  }

  @Test
  void everyBadInputGivesItsOwnOneLineErrorWithExitCode8() {
    BadTokens.INPUTS.forEach((input, message) -> assertThatThrownBy(() -> Jwt.decode(input))
        .as("input %.40s", input)
        .isInstanceOfSatisfying(JwtFormatException.class, e -> {
          assertThat(e.getMessage()).isEqualTo(message).doesNotContain("\n");
          assertThat(e.exitCode()).isEqualTo(ExitCode.NO_TOKEN);
          assertThat(e.hint()).isNotBlank();
        }));
  }

  @Test
  void megabytesOfGarbageBelowTheCapAreRejectedQuickly() {
    String garbage = "%".repeat(900_000) + "." + "eyJ".repeat(30_000) + ".x";

    assertThatThrownBy(() -> Jwt.decode(garbage)).isInstanceOf(JwtFormatException.class)
        .hasMessage("Not a JWT: the header is not valid base64url");
  }
}
