package dev.entratool.jwt;

import static dev.entratool.testing.TestJwts.b64;
import static dev.entratool.testing.TestJwts.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.ExitCode;
import dev.entratool.testing.TestJwts;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTest {
  private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

  @Test
  void decodesHeaderAndClaimsKeepingTypesAndOrder() {
    Jwt jwt = Jwt.decode(TestJwts.valid());

    assertThat(jwt.header().get("alg").asText()).isEqualTo("RS256");
    assertThat(jwt.claims().fieldNames()).toIterable()
        .containsExactly("aud", "iss", "iat", "nbf", "exp", "appid", "scp", "roles", "tid");
    assertThat(jwt.claims().get("exp").isIntegralNumber()).isTrue();
    assertThat(jwt.claims().get("roles").isArray()).isTrue();
    assertThat(jwt.expiresOn()).contains(Instant.parse("2026-11-24T15:30:00Z"));
    assertThat(jwt.notBefore()).contains(Instant.parse("2026-11-24T14:30:00Z"));
    assertThat(jwt.tenantId()).isEqualTo(TestJwts.TENANT);
    assertThat(jwt.appId()).isEqualTo(TestJwts.APP_ID);
    assertThat(jwt.audience().asText()).isEqualTo("https://graph.microsoft.com");
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

    assertThat(Jwt.decode(unsigned).claims().get("sub").asText()).isEqualTo("x");
    assertThat(Jwt.decode(padded).claims().get("a").asInt()).isEqualTo(1);
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

  @ParameterizedTest
  @ValueSource(strings = {"{\"exp\":\"tomorrow\"}", "{\"exp\":true}", "{\"exp\":[1]}"})
  void rejectsADateClaimThatIsNotANumber(String payload) {
    Jwt jwt = Jwt.decode(token(HEADER, payload));

    assertThatThrownBy(jwt::expiresOn).isInstanceOf(JwtFormatException.class)
        .hasMessage("Claim 'exp' is not a number of seconds since 1970");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"nbf\":1e300}", "{\"nbf\":-99999999999999999999}", "{\"nbf\":253402300800}", "{\"nbf\":-62135596801}"})
  void rejectsADateClaimOutOfRange(String payload) {
    Jwt jwt = Jwt.decode(token(HEADER, payload));

    assertThatThrownBy(jwt::notBefore).isInstanceOf(JwtFormatException.class)
        .hasMessage("Claim 'nbf' is out of the range of dates (years 1 to 9999)");
  }

  @Test
  void keepsLargeAndPreciseNumbersAsWritten() {
    Jwt jwt = Jwt.decode(token(HEADER, "{\"big\":1e400,\"n\":123456789012345678901234567890,\"f\":150.0}"));

    assertThat(TokenJson.pretty(jwt.claims()))
        .isEqualTo("{\n  \"big\": 1E+400,\n  \"n\": 123456789012345678901234567890,\n  \"f\": 150.0\n}");
  }

  @Test
  void toStringShowsNoClaims() {
    Jwt jwt = Jwt.decode(TestJwts.valid());

    assertThat(jwt.toString()).isEqualTo("Jwt[alg=RS256, 9 claims]").doesNotContain("graph");
  }

  // One row per way the issue lists an input can be wrong: the message names what is wrong.
  static final Map<String, String> BAD_INPUTS = Map.ofEntries(
      Map.entry("", "Empty input: there is no token to decode"),
      Map.entry(" \n\t ", "Empty input: there is no token to decode"),
      Map.entry("Bearer ", "Empty input: there is no token to decode"),
      Map.entry("not-a-token", "Not a JWT: expected 3 dot-separated parts (header.payload.signature), found 1"),
      Map.entry("a.b", "Not a JWT: expected 3 dot-separated parts (header.payload.signature), found 2"),
      Map.entry("a.b.c.d", "Not a JWT: expected 3 dot-separated parts (header.payload.signature), found 4"),
      Map.entry("a.b.c.d.e", "Encrypted token (JWE, 5 parts): its claims cannot be read without the key"),
      Map.entry(".e30.", "Not a JWT: the header part is empty"),
      Map.entry("e30..", "Not a JWT: the payload part is empty"),
      Map.entry("e30.e3+0.", "Not a JWT: the payload is not valid base64url"),
      Map.entry("e30.e3 0.", "Not a JWT: the payload is not valid base64url"),
      Map.entry("e30.e.", "Not a JWT: the payload is not valid base64url"),
      Map.entry("e3$.e30.", "Not a JWT: the header is not valid base64url"),
      Map.entry("e30.e30.a+b/", "Not a JWT: the signature part is not valid base64url"),
      Map.entry("e30." + b64(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}) + ".",
          "Not a JWT: the payload is not valid UTF-8"),
      Map.entry("e30." + b64("hello") + ".", "Not a JWT: the payload is not valid JSON"),
      Map.entry("e30." + b64("{\"a\":1} trailing") + ".", "Not a JWT: the payload is not valid JSON"),
      Map.entry("e30." + b64("{\"a\":") + ".", "Not a JWT: the payload is not valid JSON"),
      Map.entry("e30." + b64("   ") + ".", "Not a JWT: the payload is not valid JSON"),
      Map.entry("e30." + b64("[1,2]") + ".", "Not a JWT: the payload is JSON but not an object"),
      Map.entry("e30." + b64("\"str\"") + ".", "Not a JWT: the payload is JSON but not an object"),
      Map.entry("e30." + b64("null") + ".", "Not a JWT: the payload is JSON but not an object"),
      Map.entry(b64("[]") + ".e30.", "Not a JWT: the header is JSON but not an object"),
      Map.entry("e30." + b64("[".repeat(5000)) + ".", "Not a JWT: the payload is not valid JSON"),
      Map.entry("x".repeat(Jwt.MAX_CHARS + 1), "Input is larger than 1 MiB: that is not a JWT"));

  @Test
  void everyBadInputGivesItsOwnOneLineErrorWithExitCode8() {
    BAD_INPUTS.forEach((input, message) -> assertThatThrownBy(() -> Jwt.decode(input))
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
