package dev.entratool.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path trusts this reader only where the full path (Jackson) would read the same input the same way: a
 * text it accepts must be JSON that Jackson reads to the same values. Refusing more than Jackson is fine.
 */
class StrictJsonTest {
  private static final ObjectMapper JACKSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  @org.junit.jupiter.api.Test
  void readsObjectsArraysAndExactNumbers() throws Exception {
    Map<String, Object> parsed = StrictJson.parseObject(
        " {\"s\":\"a\\u00e9\\n\\\"\",\"n\":-12,\"big\":123456789012345678901234567890,\"f\":1.50,\"e\":1e400,"
            + "\"t\":true,\"x\":null,\"a\":[1,[],{}]}\n");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "aé\n\"");
    expected.put("n", BigInteger.valueOf(-12));
    expected.put("big", new BigInteger("123456789012345678901234567890"));
    expected.put("f", new BigDecimal("1.50"));
    expected.put("e", new BigDecimal("1e400"));
    expected.put("t", true);
    expected.put("x", null);
    expected.put("a", Arrays.asList(BigInteger.ONE, List.of(), Map.of()));
    assertThat(parsed).containsExactlyEntriesOf(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{a:1}", "{'a':1}", "01", "1.", ".5", "+1",
      "-", "1e", "NaN", "\"\t\"", "\"\\x\"", "\"\\u12\"", "{\"a\":1}x", "{\"a\":1,\"a\":2}", "tru", "nul",
      "{\"a\":1}\u000b", "\u00a0{}", "/*c*/{}", "\uFEFF{}"})
  void refusesWhatIsNotStrictJson(String text) {
    assertThatThrownBy(() -> StrictJson.parse(text)).isInstanceOf(StrictJson.Invalid.class);
  }

  @org.junit.jupiter.api.Test
  void refusesDeepNestingAndHugeNumbersWithoutEchoingTheInput() {
    assertThatThrownBy(() -> StrictJson.parse("[".repeat(65) + "]".repeat(65)))
        .isInstanceOf(StrictJson.Invalid.class);
    String secretish = "9".repeat(101);
    assertThatThrownBy(() -> StrictJson.parse(secretish)).isInstanceOf(StrictJson.Invalid.class)
        .hasMessageNotContaining(secretish);
  }

  @Property(tries = 1500)
  void whatItAcceptsJacksonReadsTheSameWay(@ForAll("jsonLike") String text) throws Exception {
    Object strict;
    try {
      strict = StrictJson.parse(text);
    } catch (StrictJson.Invalid e) {
      return; // refusing is always safe: the full path decides
    }
    Object jackson = JACKSON.readValue(text, Object.class);
    assertThat(normalize(strict)).isEqualTo(normalize(jackson));
  }

  /** Numbers compared by value: Jackson picks Integer/Long/BigInteger by size. */
  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, normalize(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(StrictJsonTest::normalize).toList();
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toString() + (n instanceof BigDecimal ? "d" : "i");
    }
    return value;
  }

  @Provide
  Arbitrary<String> jsonLike() {
    Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"a\"", "\"b\"", "\"exp\"", "1", "-1",
        "0", "-0", "01", "1e5", "1E-2", "0.5", "2.50", "1e999", "true", "false", "null", "\"x\"", "\"\\u00e9\"",
        "\"\\ud800\"", "\"\\n\"", "\"\\/\"", " ", "\n", "\t", "\\", "\"", "9223372036854775808", "\u00e9", "\u0001");
    return fragments.list().ofMaxSize(30).map(list -> String.join("", list));
  }
}
