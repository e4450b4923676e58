package dev.entratool.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The hand-built date texts (no formatter at start-up) are the ones the JDK's formatters print. */
class TokenValidityFormatProperties {
  private static final DateTimeFormatter HUMAN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  @Property(tries = 2000)
  void isoAndHumanDatesMatchTheJdkFormatters(
      @ForAll @LongRange(min = -62135596800L, max = 253402300799L) long seconds, @ForAll @LongRange(max = 999_999_999)
      long nanos) {
    Instant instant = Instant.ofEpochSecond(seconds, nanos);
    assertThat(TokenValidity.iso(instant))
        .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)));
    assertThat(TokenValidity.human(instant)).isEqualTo(HUMAN.format(instant));
  }
}
