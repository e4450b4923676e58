package dev.entratool.jwt;

import dev.entratool.json.StrictJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A decoded JSON Web Token: its JOSE header and its claims, as {@link StrictJson} reads them (numbers exactly as
 * written, so a claim like 1e400 never turns into "Infinity"), to be read, not changed. Decoding only: the signature
 * is not checked, nothing is fetched. Every way the input can be wrong ends in a {@link JwtFormatException}.
 */
public record Jwt(Map<String, Object> header, Map<String, Object> claims) {
  /** The most characters {@link #decode} accepts; Entra ID tokens are a few KB. */
  public static final int MAX_CHARS = TokenText.MAX_BYTES;

  /**
   * Decodes a compact JWS ({@code header.payload.signature}). Tolerates surrounding whitespace, a byte-order mark
   * and a {@code Bearer } prefix.
   */
  public static Jwt decode(String input) {
    CompactJws jws = CompactJws.split(input);
    Map<String, Object> header = jsonObject(jws.headerText(), "header");
    Map<String, Object> claims = jsonObject(jws.payloadText(), "payload");
    jws.checkSignature();
    return new Jwt(header, claims);
  }

  /** A claim holding a NumericDate (seconds since 1970, possibly fractional); empty when absent or null. */
  public Optional<Instant> numericDate(String claim) {
    Object node = claims.get(claim);
    if (node == null) {
      return Optional.empty();
    }
    // Whole seconds, as Entra ID writes them, without BigDecimal: its start-up is dear on a cold JDK 25
    // (bench/README.md). Years 1 to 9999, so that every date prints as an ordinary ISO-8601 timestamp.
    if (node instanceof BigInteger integer) {
      if (integer.bitLength() >= Long.SIZE || integer.longValue() < TokenValidity.FIRST_SECOND
          || integer.longValue() >= TokenValidity.END_SECOND) {
        throw outOfRange(claim);
      }
      return Optional.of(Instant.ofEpochSecond(integer.longValue()));
    }
    if (!(node instanceof BigDecimal value)) {
      throw new JwtFormatException("Claim '" + claim + "' is not a number of seconds since 1970");
    }
    if (value.compareTo(BigDecimal.valueOf(TokenValidity.FIRST_SECOND)) < 0
        || value.compareTo(BigDecimal.valueOf(TokenValidity.END_SECOND)) >= 0) {
      throw outOfRange(claim);
    }
    // Below a nanosecond (e.g. 1e-99999999) is 0: rescaling such a number would build a power of ten with
    // millions of digits, and a crafted token must not be able to hang the tool.
    if (value.scale() - value.precision() > 9) {
      value = BigDecimal.ZERO;
    }
    BigDecimal seconds = value.setScale(0, RoundingMode.FLOOR);
    int nanos = value.subtract(seconds).movePointRight(9).intValue();
    return Optional.of(Instant.ofEpochSecond(seconds.longValueExact(), nanos));
  }

  private static JwtFormatException outOfRange(String claim) {
    return new JwtFormatException("Claim '" + claim + "' is out of the range of dates (years 1 to 9999)");
  }

  /** The {@code exp} claim. */
  public Optional<Instant> expiresOn() {
    return numericDate("exp");
  }

  /** The {@code nbf} claim. */
  public Optional<Instant> notBefore() {
    return numericDate("nbf");
  }

  /** The {@code aud} claim as written: a string, a list of strings, or null. */
  public Object audience() {
    return claims.get("aud");
  }

  /** Entra ID's {@code tid}: the tenant that issued the token, or null. */
  public String tenantId() {
    return text("tid");
  }

  /** The client the token was issued to: {@code appid} (v1 tokens) or {@code azp} (v2 tokens), or null. */
  public String appId() {
    String appId = text("appid");
    return appId != null ? appId : text("azp");
  }

  private String text(String claim) {
    return claims.get(claim) instanceof String text ? text : null;
  }

  // Never prints a token: the claims may carry personal data, and a record's default toString would show them.
  @Override
  public String toString() {
    return "Jwt[alg=" + (header.get("alg") instanceof String alg ? alg : "?") + ", " + claims.size() + " claims]";
  }

  private static Map<String, Object> jsonObject(String json, String name) {
    Object value;
    try {
      value = StrictJson.parse(json);
    } catch (StrictJson.Invalid e) {
      // RFC 7519 lets a reader refuse repeated names or keep the last one; refusing leaves no doubt which 'exp' counts
      throw new JwtFormatException(e.duplicateKey()
          ? "Not a JWT: the " + name + " holds the same name twice (names must be unique)"
          : "Not a JWT: the " + name + " is not valid JSON");
    }
    if (!(value instanceof Map)) {
      throw new JwtFormatException("Not a JWT: the " + name + " is JSON but not an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) value;
    return object;
  }
}
