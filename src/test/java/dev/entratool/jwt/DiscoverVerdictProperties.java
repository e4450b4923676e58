package dev.entratool.jwt;

import static dev.entratool.testing.TestJwts.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.testing.TestJwts;
import java.math.BigDecimal;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code discover}'s verdict against a model written from the README: exit 0 exactly when {@code nbf <= now < exp} and
 * {@code exp - now >= --min-validity}, else exit 7 with the status line naming why; exit 8 when {@code exp} is missing,
 * or {@code exp} or {@code nbf} is not a number or not a date of years 1 to 9999. Dates come whole or fractional, in
 * every number form JSON has.
 */
class DiscoverVerdictProperties {
  private static final BigDecimal NOW_SECONDS = BigDecimal.valueOf(NOW.getEpochSecond());
  private static final BigDecimal FIRST = new BigDecimal("-62135596800"); // 0001-01-01T00:00:00Z
  private static final BigDecimal END = new BigDecimal("253402300800"); // +10000-01-01T00:00:00Z

  @Property(tries = 1500)
  void theVerdictIsTheModels(@ForAll("dates") Optional<String> exp, @ForAll("dates") Optional<String> nbf,
      @ForAll @IntRange(max = 120) int minutes, @ForAll boolean quiet) {
    StringBuilder claims = new StringBuilder("{\"sub\":\"x\"");
    exp.ifPresent(text -> claims.append(",\"exp\":").append(text));
    nbf.ifPresent(text -> claims.append(",\"nbf\":").append(text));
    String token = TestJwts.token("{\"alg\":\"RS256\"}", claims.append('}').toString());

    String error = error("exp", exp).or(() -> error("nbf", nbf))
        .orElseGet(() -> date(exp) == null ? "The token has no 'exp' claim: its validity cannot be checked" : null);
    if (error != null) {
      assertThatThrownBy(() -> discover(token, minutes, quiet)).isInstanceOf(JwtFormatException.class)
          .hasMessage(error);
      return;
    }
    BigDecimal expires = date(exp);
    BigDecimal notBefore = date(nbf);
    boolean expired = NOW_SECONDS.compareTo(expires) >= 0;
    boolean notYet = notBefore != null && notBefore.compareTo(NOW_SECONDS) > 0;
    boolean enoughLeft = expires.subtract(NOW_SECONDS).compareTo(BigDecimal.valueOf(60L * minutes)) >= 0;
    boolean valid = !expired && !notYet && enoughLeft;

    TokenReport report = discover(token, minutes, quiet);

    assertThat(report.exitCode()).isEqualTo(valid ? 0 : 7);
    assertThat(report.result()).contains("\"valid\": " + valid + ",").contains("\"expired\": " + expired + ",");
    if (quiet) {
      assertThat(report.status()).isNull();
    } else {
      assertThat(report.status()).startsWith(valid ? "✓ Token valid for "
          : expired ? "✗ Token expired " : notYet ? "✗ Token not valid yet: " : "✗ Token valid for only ");
    }
  }

  private static TokenReport discover(String token, int minutes, boolean quiet) {
    return TokenReport.discover(token, TokenReport.minValidity(minutes), true, quiet, NOW);
  }

  /** The message for a claim present but not a date, if it is one. */
  private static Optional<String> error(String claim, Optional<String> text) {
    if (text.isEmpty() || text.get().equals("null")) {
      return Optional.empty();
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text.get());
    } catch (NumberFormatException e) {
      return Optional.of("Claim '" + claim + "' is not a number of seconds since 1970");
    }
    return value.compareTo(FIRST) >= 0 && value.compareTo(END) < 0 ? Optional.empty()
        : Optional.of("Claim '" + claim + "' is out of the range of dates (years 1 to 9999)");
  }

  private static BigDecimal date(Optional<String> text) {
    return text.isEmpty() || text.get().equals("null") ? null : new BigDecimal(text.get());
  }

  /** A NumericDate as JSON text: near now (to the millisecond, in any number form), at the edges, or not a date. */
  @Provide
  Arbitrary<Optional<String>> dates() {
    Arbitrary<BigDecimal> nearNow = Combinators.combine(Arbitraries.longs().between(-3 * 3600, 3 * 3600),
            Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 3))
        .as((offset, millis, scale) -> NOW_SECONDS.add(BigDecimal.valueOf(offset))
            .add(BigDecimal.valueOf(millis - millis % (int) Math.pow(10, 3 - scale), 3)));
    Arbitrary<String> written = Combinators.combine(nearNow, Arbitraries.integers().between(0, 3))
        .as((value, form) -> switch (form) {
          case 0 -> value.stripTrailingZeros().scale() <= 0 ? value.toBigInteger().toString() : value.toPlainString();
          case 1 -> value.toPlainString();
          case 2 -> value.unscaledValue() + "e-" + value.scale();
          default -> value.movePointLeft(10).toPlainString() + "E+10";
        });
    Arbitrary<String> edges = Arbitraries.of("-62135596800", "253402300799.999", "253402300800", "-62135596801",
        "1e300", "-1e300", "0", "-0.0", String.valueOf(NOW.getEpochSecond()),
        String.valueOf(NOW.getEpochSecond() + 3600));
    Arbitrary<String> notDates = Arbitraries.of("\"soon\"", "true", "[1]", "{}", "null");
    return Arbitraries.frequencyOf(
        Tuple.of(8, written), Tuple.of(2, edges), Tuple.of(1, notDates))
        .optional(0.9);
  }
}
