package dev.entratool.jwt;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * When a token may be used, seen at one instant: {@code nbf <= now < exp}. No clock skew allowance: a script that
 * wants headroom asks for it ({@code discover --min-validity}).
 *
 * @param expiresOn the {@code exp} claim, or null when the token has none
 * @param notBefore the {@code nbf} claim, or null
 */
record TokenValidity(Instant now, Instant expiresOn, Instant notBefore) {
  /** The dates a token's claims may hold, in seconds since 1970: years 1 to 9999, so each prints as ISO-8601. */
  static final long FIRST_SECOND = -62135596800L; // 0001-01-01T00:00:00Z
  static final long END_SECOND = 253402300800L; // +10000-01-01T00:00:00Z, excluded

  /** Reads {@code exp} and {@code nbf}; a claim that is present but not a date is a {@link JwtFormatException}. */
  public static TokenValidity of(Jwt jwt, Instant now) {
    return new TokenValidity(now, jwt.expiresOn().orElse(null), jwt.notBefore().orElse(null));
  }

  public boolean hasExpiry() {
    return expiresOn != null;
  }

  public boolean expired() {
    return expiresOn != null && !now.isBefore(expiresOn);
  }

  public boolean notYetValid() {
    return notBefore != null && now.isBefore(notBefore);
  }

  /** Time left until {@code exp}, negative once expired; null without {@code exp}. */
  public Duration expiresIn() {
    return expiresOn == null ? null : Duration.between(now, expiresOn);
  }

  /** Usable now ({@code nbf <= now < exp}) and for at least {@code headroom} more; never without {@code exp}. */
  public boolean validFor(Duration headroom) {
    return hasExpiry() && !expired() && !notYetValid() && expiresIn().compareTo(headroom) >= 0;
  }

  /** {@code inspect}'s line for a person: {@code Expires 2026-11-24 15:30 UTC (in 42 minutes)}. */
  public String expiryLine() {
    if (expiresOn == null) {
      return "No expiry: the token has no 'exp' claim";
    }
    String line = expired()
        ? "Expired " + human(expiresOn) + " (" + describe(expiresIn().negated()) + " ago)"
        : "Expires " + human(expiresOn) + " (in " + describe(expiresIn()) + ")";
    if (notYetValid()) {
      line += "; not valid before " + human(notBefore) + " (in " + describe(Duration.between(now, notBefore))
          + ")";
    }
    return line;
  }

  /** {@code discover}'s status line: {@code ✓ Token valid for 42 minutes (expires 2026-11-24T15:30:00Z)}. */
  public String statusLine(Duration headroom) {
    if (expiresOn == null) {
      return "✗ Token has no 'exp' claim: its validity cannot be checked";
    }
    if (expired()) {
      return "✗ Token expired " + describe(expiresIn().negated()) + " ago";
    }
    if (notYetValid()) {
      return "✗ Token not valid yet: valid from " + iso(notBefore) + " (in "
          + describe(Duration.between(now, notBefore)) + ")";
    }
    String expires = " (expires " + iso(expiresOn) + ")";
    if (!validFor(headroom)) {
      return "✗ Token valid for only " + describe(expiresIn()) + ", less than the " + describe(headroom)
          + " required" + expires;
    }
    return "✓ Token valid for " + describe(expiresIn()) + expires;
  }

  /** An instant as JSON and scripts want it: ISO-8601 UTC, whole seconds ({@code 2026-11-24T15:30:00Z}). */
  public static String iso(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
    return date(t) + 'T' + two(t.getHour()) + ':' + two(t.getMinute()) + ':' + two(t.getSecond()) + 'Z';
  }

  /** {@code 2026-11-24 15:30 UTC}. Built by hand: the formatter classes are slow to start in a cold JVM. */
  static String human(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(instant);
    }
    return date(t) + ' ' + two(t.getHour()) + ':' + two(t.getMinute()) + " UTC";
  }

  private static String date(LocalDateTime t) {
    String year = Integer.toString(t.getYear());
    return "0000".substring(year.length()) + year + '-' + two(t.getMonthValue()) + '-' + two(t.getDayOfMonth());
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }

  /** A non-negative duration in words, rounded down: {@code 42 minutes}, {@code 1 hour 5 minutes}, {@code 3 days}. */
  public static String describe(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < 60) {
      return plural(seconds, "second");
    }
    if (seconds < 3600) {
      return plural(seconds / 60, "minute");
    }
    if (seconds < 86400) {
      long minutes = seconds % 3600 / 60;
      return plural(seconds / 3600, "hour") + (minutes == 0 ? "" : " " + plural(minutes, "minute"));
    }
    long hours = seconds % 86400 / 3600;
    return plural(seconds / 86400, "day") + (hours == 0 ? "" : " " + plural(hours, "hour"));
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
