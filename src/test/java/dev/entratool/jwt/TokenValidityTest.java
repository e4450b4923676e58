package dev.entratool.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenValidityTest {
  private static final Instant NOW = Instant.parse("2026-11-24T14:48:00Z");
  private static final Instant EXP = Instant.parse("2026-11-24T15:30:00Z");

  @ParameterizedTest
  @CsvSource({
      "0, 0 seconds", "1, 1 second", "59, 59 seconds", "60, 1 minute", "2579, 42 minutes", "3600, 1 hour",
      "3660, 1 hour 1 minute", "7320, 2 hours 2 minutes", "86400, 1 day", "183600, 2 days 3 hours"})
  void describesDurationsInWordsRoundedDown(long seconds, String words) {
    assertThat(TokenValidity.describe(Duration.ofSeconds(seconds))).isEqualTo(words);
  }

  @Test
  void validBetweenNotBeforeAndExpiry() {
    TokenValidity v = new TokenValidity(NOW, EXP, NOW.minusSeconds(60));

    assertThat(v.expired()).isFalse();
    assertThat(v.notYetValid()).isFalse();
    assertThat(v.expiresIn()).isEqualTo(Duration.ofMinutes(42));
    assertThat(v.validFor(Duration.ZERO)).isTrue();
    assertThat(v.validFor(Duration.ofMinutes(42))).isTrue();
    assertThat(v.validFor(Duration.ofMinutes(43))).isFalse();
    assertThat(v.statusLine(Duration.ZERO)).isEqualTo("✓ Token valid for 42 minutes (expires 2026-11-24T15:30:00Z)");
    assertThat(v.statusLine(Duration.ofMinutes(60)))
        .isEqualTo("✗ Token valid for only 42 minutes, less than the 1 hour required (expires 2026-11-24T15:30:00Z)");
    assertThat(v.expiryLine()).isEqualTo("Expires 2026-11-24 15:30 UTC (in 42 minutes)");
  }

  @Test
  void expiredAtTheExactSecondOfExp() {
    TokenValidity v = new TokenValidity(EXP, EXP, null);

    assertThat(v.expired()).isTrue();
    assertThat(v.validFor(Duration.ZERO)).isFalse();
    assertThat(v.statusLine(Duration.ZERO)).isEqualTo("✗ Token expired 0 seconds ago");
  }

  @Test
  void expiredSomeMinutesAgo() {
    TokenValidity v = new TokenValidity(EXP.plusSeconds(200), EXP, null);

    assertThat(v.expiresIn()).isEqualTo(Duration.ofSeconds(-200));
    assertThat(v.statusLine(Duration.ZERO)).isEqualTo("✗ Token expired 3 minutes ago");
    assertThat(v.expiryLine()).isEqualTo("Expired 2026-11-24 15:30 UTC (3 minutes ago)");
  }

  @Test
  void notYetValidBeforeNbf() {
    TokenValidity v = new TokenValidity(NOW, EXP, NOW.plusSeconds(300));

    assertThat(v.notYetValid()).isTrue();
    assertThat(v.validFor(Duration.ZERO)).isFalse();
    assertThat(v.statusLine(Duration.ZERO))
        .isEqualTo("✗ Token not valid yet: valid from 2026-11-24T14:53:00Z (in 5 minutes)");
    assertThat(v.expiryLine())
        .isEqualTo("Expires 2026-11-24 15:30 UTC (in 42 minutes); "
            + "not valid before 2026-11-24 14:53 UTC (in 5 minutes)");
  }

  @Test
  void withoutExpiryNothingIsValid() {
    TokenValidity v = new TokenValidity(NOW, null, null);

    assertThat(v.hasExpiry()).isFalse();
    assertThat(v.expired()).isFalse();
    assertThat(v.expiresIn()).isNull();
    assertThat(v.validFor(Duration.ZERO)).isFalse();
    assertThat(v.statusLine(Duration.ZERO)).isEqualTo("✗ Token has no 'exp' claim: its validity cannot be checked");
    assertThat(v.expiryLine()).isEqualTo("No expiry: the token has no 'exp' claim");
  }
}
