package dev.entratool.jwt;

import static dev.entratool.testing.TestJwts.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.entratool.testing.TestJwts;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The JSON of {@code inspect} and {@code discover --json} against a reference: Jackson, configured as entratool
 * decoded and printed tokens with it before the strict reader and {@code PrettyJson} took over. For any header and
 * claims (any characters, however escaped; numbers of every form; nesting; any white space) both decode the same
 * token and print the same bytes, and what Jackson refused is still refused with the same message. The one difference
 * on purpose: a name twice in an object is refused (Jackson kept the last).
 */
class TokenReportJsonProperties {
  private static final ObjectMapper REFERENCE_READER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();
  private static final ObjectMapper DUPLICATE_DETECTOR = REFERENCE_READER.copy()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectWriter REFERENCE_PRINTER = new ObjectMapper().writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n")));
  private static final String WHITESPACE = " \t\n\r";
  private static final String TWICE = "Not a JWT: the payload holds the same name twice (names must be unique)";

  @Property(tries = 400)
  void claimsAndHeaderPrintAsTheReferencePrintsThem(@ForAll("objects") String header,
      @ForAll("objects") String claims) throws Exception {
    String token = TestJwts.token(header, claims);

    assertThat(TokenReport.inspect(token, TokenReport.View.CLAIMS, NOW, false).result())
        .isEqualTo(print(REFERENCE_READER.readTree(claims)));
    ObjectNode both = JsonNodeFactory.instance.objectNode();
    both.set("header", REFERENCE_READER.readTree(header));
    both.set("claims", REFERENCE_READER.readTree(claims));
    assertThat(TokenReport.inspect(token, TokenReport.View.HEADER, NOW, false).result()).isEqualTo(print(both));
  }

  @Property(tries = 300)
  void discoverJsonHoldsTheClaimsAsTheReferenceReadsThem(@ForAll("values") String audience,
      @ForAll("values") String tenant, @ForAll("values") String appId, @ForAll boolean v2) throws Exception {
    long exp = NOW.getEpochSecond() + 600;
    String claims = "{\"aud\":" + audience + ",\"tid\":" + tenant + ",\"" + (v2 ? "azp" : "appid") + "\":" + appId
        + ",\"exp\":" + exp + "}";
    JsonNode read = REFERENCE_READER.readTree(claims);
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    expected.put("valid", true);
    expected.put("expiresOn", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(exp)));
    expected.put("expiresIn", 600);
    expected.put("expired", false);
    expected.putNull("notBefore");
    expected.set("audience", read.get("aud"));
    expected.put("tenantId", read.get("tid").isTextual() ? read.get("tid").textValue() : null);
    JsonNode app = read.get(v2 ? "azp" : "appid");
    expected.put("appId", app.isTextual() ? app.textValue() : null);

    TokenReport report = TokenReport.discover(TestJwts.token("{}", claims), Duration.ZERO, true, false, NOW);

    assertThat(report.result()).isEqualTo(print(expected));
    assertThat(report.exitCode()).isZero();
  }

  @Property(tries = 600)
  void whatTheReferenceRefusedIsRefusedAlike(@ForAll("jsonLike") String claims) throws Exception {
    String token = TestJwts.token("{}", claims);
    JsonNode read;
    try {
      read = REFERENCE_READER.readTree(claims);
    } catch (JacksonException e) {
      read = null;
    }
    if (read == null || read.isMissingNode()) {
      assertRefused(token, "Not a JWT: the payload is not valid JSON");
    } else if (!read.isObject()) {
      assertRefused(token, "Not a JWT: the payload is JSON but not an object");
    } else if (hasDuplicateNames(claims)) {
      assertRefused(token, TWICE);
    } else {
      assertThat(TokenReport.inspect(token, TokenReport.View.CLAIMS, NOW, false).result()).isEqualTo(print(read));
    }
  }

  // A name twice may be met before what the reference stopped at: then that is the reason given.
  private static void assertRefused(String token, String message) {
    assertThatThrownBy(() -> TokenReport.inspect(token, TokenReport.View.CLAIMS, NOW, false))
        .isInstanceOf(JwtFormatException.class).extracting(Throwable::getMessage).isIn(message, TWICE);
  }

  private static boolean hasDuplicateNames(String json) {
    try {
      DUPLICATE_DETECTOR.readTree(json);
      return false;
    } catch (JacksonException e) {
      return true;
    }
  }

  private static String print(JsonNode node) throws JacksonException {
    return REFERENCE_PRINTER.writeValueAsString(node);
  }

  @Provide
  Arbitrary<String> objects() {
    return object(3);
  }

  @Provide
  Arbitrary<String> values() {
    return value(2);
  }

  @Provide
  Arbitrary<String> jsonLike() {
    Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"a\"", "\"b\"", "1", "-0", "1e999",
        "0.50", "-", ".", "e", "true", "nul", "null", "\"\\u00e9\"", "\"\\ud800\"", "\"\\x\"", " ", "\t", "\u000b",
        "\\", "\"", "\u0001", "01", "+1");
    Arbitrary<String> soup = fragments.list().ofMinSize(1).ofMaxSize(30).map(list -> String.join("", list));
    return Arbitraries.oneOf(soup.map(s -> "{" + s + "}"), soup, soup.map(s -> "{\"a\":" + s + "}"));
  }

  private static Arbitrary<String> value(int depth) {
    Arbitrary<String> scalar = Arbitraries.oneOf(string(), number(), Arbitraries.of("true", "false", "null"));
    if (depth == 0) {
      return scalar;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(4, scalar),
        Tuple.of(1, Arbitraries.lazy(() -> object(depth - 1))),
        Tuple.of(1, Arbitraries.lazy(() -> array(depth - 1))));
  }

  private static Arbitrary<String> object(int depth) {
    Arbitrary<Map<String, String>> members =
        Arbitraries.maps(text(8), value(depth)).ofMaxSize(6);
    return Combinators.combine(members, Arbitraries.longs()).as((map, seed) -> {
      Random random = new Random(seed);
      StringBuilder json = new StringBuilder("{").append(space(random));
      String separator = "";
      for (Map.Entry<String, String> member : map.entrySet()) {
        json.append(separator).append(space(random)).append(encode(member.getKey(), random)).append(space(random))
            .append(':').append(space(random)).append(member.getValue()).append(space(random));
        separator = ",";
      }
      return json.append('}').toString();
    });
  }

  private static Arbitrary<String> array(int depth) {
    return Combinators.combine(value(depth).list().ofMaxSize(4), Arbitraries.longs()).as((items, seed) -> {
      Random random = new Random(seed);
      StringBuilder json = new StringBuilder("[").append(space(random));
      String separator = "";
      for (String item : items) {
        json.append(separator).append(space(random)).append(item).append(space(random));
        separator = ",";
      }
      return json.append(']').toString();
    });
  }

  private static Arbitrary<String> string() {
    return Combinators.combine(text(12), Arbitraries.longs()).as((json, seed) -> encode(json, new Random(seed)));
  }

  /** Any characters, mostly the ones printing could get wrong: control characters, ASCII, a few beyond. */
  private static Arbitrary<String> text(int length) {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('\u0000', '\u007f').withChars("\u0080é\u2028\ud83d\ude00\ufffe")
            .ofMaxLength(length),
        Arbitraries.strings().all().ofMaxLength(length));
  }

  /** Every form RFC 8259 allows, up to 40 integer digits, 12 fraction digits and 9 exponent digits. */
  private static Arbitrary<String> number() {
    Arbitrary<String> integer = Arbitraries.oneOf(Arbitraries.just("0"),
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40).filter(s -> s.charAt(0) != '0'));
    Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12).map(s -> "." + s)
        .injectNull(0.5).map(s -> s == null ? "" : s);
    Arbitrary<String> exponent = Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"),
        Arbitraries.oneOf(Arbitraries.integers().between(0, 999).map(String::valueOf),
            Arbitraries.of("999999999", "0000", "400")))
        .as((e, sign, digits) -> e + sign + digits).injectNull(0.6).map(s -> s == null ? "" : s);
    return Combinators.combine(Arbitraries.of("", "-"), integer, fraction, exponent).as((a, b, c, d) -> a + b + c + d);
  }

  /** A JSON string literal for {@code text}, each character written raw or as one of its escapes, chosen at random. */
  private static String encode(String text, Random random) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      String shortForm = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '/' -> "\\/";
        case '\b' -> "\\b";
        case '\f' -> "\\f";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> null;
      };
      boolean mustEscape = c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c); // a raw surrogate half
      int choice = random.nextInt(3);                                                     // is not UTF-8
      if (!mustEscape && choice == 0) {
        json.append(c);
      } else if (shortForm != null && choice == 1) {
        json.append(shortForm);
      } else {
        String hex = String.format("%04x", (int) c);
        json.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase());
      }
    }
    return json.append('"').toString();
  }

  private static String space(Random random) {
    StringBuilder space = new StringBuilder();
    for (int n = random.nextInt(4) == 0 ? random.nextInt(3) : 0; n > 0; n--) {
      space.append(WHITESPACE.charAt(random.nextInt(WHITESPACE.length())));
    }
    return space.toString();
  }
}
