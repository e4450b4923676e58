package dev.entratool.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.error.ExitCode;
import dev.entratool.json.PrettyJson;
import dev.entratool.testing.TestJwts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever it is given, the decoder returns a token or throws {@link JwtFormatException} (exit 8, one line, no echo
 * of the input): never a crash, never another exception. Tries are bounded so the suite stays fast.
 */
class JwtDecoderProperties {
  private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

  @Property(tries = 400)
  void anyStringDecodesOrIsRejected(@ForAll @StringLength(max = 400) String input) {
    decodeOrReject(input);
  }

  @Property(tries = 300)
  void anyBytesAsBase64UrlPartsDecodeOrAreRejected(
      @ForAll @Size(min = 1, max = 6) List<@Size(max = 120) byte[]> parts) {
    decodeOrReject(String.join(".", parts.stream().map(TestJwts::b64).toList()));
  }

  @Property(tries = 400)
  void jsonLikePayloadsDecodeOrAreRejected(@ForAll("jsonLike") String payload) {
    decodeOrReject(TestJwts.token(HEADER, payload));
  }

  @Property(tries = 600)
  void mutatedTokensDecodeOrAreRejected(@ForAll("mutatedTokens") String input) {
    decodeOrReject(input);
  }

  @Property(tries = 200)
  void wellFormedTokensAlwaysDecodeToTheirClaims(@ForAll("claims") Map<String, Object> claims) {
    Jwt jwt = Jwt.decode(" Bearer " + TestJwts.sign(claims) + "\n");

    assertThat(jwt.claims().size()).isEqualTo(claims.size());
    assertThat(jwt.claims().keySet()).containsExactlyInAnyOrderElementsOf(claims.keySet());
  }

  private static void decodeOrReject(String input) {
    try {
      Jwt jwt = Jwt.decode(input);
      assertThat(PrettyJson.write(jwt.claims())).startsWith("{");
      TokenValidity validity = TokenValidity.of(jwt, Instant.EPOCH);
      assertThat(validity.expiryLine()).isNotBlank();
    } catch (JwtFormatException e) {
      assertThat(e.exitCode()).isEqualTo(ExitCode.NO_TOKEN);
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
      if (input.strip().length() > 12) {
        assertThat(e.getMessage()).doesNotContain(input.strip());
      }
    }
  }

  @Provide
  Arbitrary<String> jsonLike() {
    Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"exp\"", "\"nbf\"", "\"aud\"", "1",
        "-1", "1e999", "0.5", "true", "null", "\"x\"", "\"\\u00e9\"", "\"\\ud800\"", " ", "\\", "\"");
    Arbitrary<String> soup = fragments.list().ofMaxSize(40).map(list -> String.join("", list));
    Arbitrary<String> dates = Arbitraries.of("1e20", "-1e20", "9223372036854775807", "1.5", "\"soon\"", "[]", "{}",
        "31556889864403199", "-31557014167219200", "0", "1e-99999999", "-1.5e-999999999", "2.5E+10", "1e999999999")
        .map(v -> "{\"exp\":" + v + ",\"nbf\":" + v + "}");
    return Arbitraries.oneOf(soup.map(s -> "{" + s + "}"), soup, dates);
  }

  @Provide
  Arbitrary<String> mutatedTokens() {
    Arbitrary<String> base = Arbitraries.of(TestJwts.valid(), TestJwts.expired(), TestJwts.token(HEADER, "{}"));
    Arbitrary<Character> anyChar = Arbitraries.chars().all();
    Arbitrary<String> inserted = Arbitraries.strings().ofMaxLength(8).withChars(".=+/ \n\u0000%é\uD800");
    return Combinators.combine(base, Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
        anyChar, inserted).as((token, kind, where, c, text) -> {
          int at = (int) (where * token.length());
          return switch (kind) {
            case 0 -> token.substring(0, at) + c + token.substring(Math.min(at + 1, token.length()));
            case 1 -> token.substring(0, at) + text + token.substring(at);
            case 2 -> token.substring(0, at);
            case 3 -> token.substring(at);
            default -> token.substring(0, at) + token.substring(Math.min(token.length(), at + 1 + (int) (where * 40)));
          };
        });
  }

  @Provide
  Arbitrary<Map<String, Object>> claims() {
    Arbitrary<Object> values = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30), Arbitraries.longs(), Arbitraries.of(true, false),
        Arbitraries.strings().alpha().ofMaxLength(10).list().ofMaxSize(4).map(l -> (Object) l));
    return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(12), values).ofMaxSize(12);
  }
}
