package dev.entratool.jwt;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/**
 * A decoded JSON Web Token: its JOSE header and its claims. Decoding only: the signature is not checked, nothing is
 * fetched. Every way the input can be wrong ends in a {@link JwtFormatException}.
 */
public record Jwt(ObjectNode header, ObjectNode claims) {
  /** The most characters {@link #decode} accepts; Entra ID tokens are a few KB. */
  public static final int MAX_CHARS = TokenText.MAX_BYTES;

  // Years 1 to 9999, so that every date prints as an ordinary ISO-8601 timestamp.
  private static final BigDecimal FIRST_DATE = BigDecimal.valueOf(TokenValidity.FIRST_SECOND);
  private static final BigDecimal LAST_DATE = BigDecimal.valueOf(TokenValidity.END_SECOND);

  // Floats as BigDecimal, kept as written: a claim like 1e400 must not turn into "Infinity" on output.
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  /**
   * Decodes a compact JWS ({@code header.payload.signature}). Tolerates surrounding whitespace, a byte-order mark
   * and a {@code Bearer } prefix.
   */
  public static Jwt decode(String input) {
    CompactJws jws = CompactJws.split(input);
    ObjectNode header = jsonObject(jws.headerText(), "header");
    ObjectNode claims = jsonObject(jws.payloadText(), "payload");
    jws.checkSignature();
    return new Jwt(header, claims);
  }

  /** A claim holding a NumericDate (seconds since 1970, possibly fractional); empty when absent or null. */
  public Optional<Instant> numericDate(String claim) {
    JsonNode node = claims.get(claim);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isNumber()) {
      throw new JwtFormatException("Claim '" + claim + "' is not a number of seconds since 1970");
    }
    BigDecimal value = node.decimalValue();
    if (value.compareTo(FIRST_DATE) < 0 || value.compareTo(LAST_DATE) >= 0) {
      throw new JwtFormatException("Claim '" + claim + "' is out of the range of dates (years 1 to 9999)");
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

  /** The {@code exp} claim. */
  public Optional<Instant> expiresOn() {
    return numericDate("exp");
  }

  /** The {@code nbf} claim. */
  public Optional<Instant> notBefore() {
    return numericDate("nbf");
  }

  /** The {@code aud} claim as written: a string, an array of strings, or null. */
  public JsonNode audience() {
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
    JsonNode node = claims.get(claim);
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  // Never prints a token: the claims may carry personal data, and a record's default toString would show them.
  @Override
  public String toString() {
    return "Jwt[alg=" + header.path("alg").asText("?") + ", " + claims.size() + " claims]";
  }

  private static ObjectNode jsonObject(String json, String name) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new JwtFormatException("Not a JWT: the " + name + " is not valid JSON");
    }
    if (node == null || node.isMissingNode()) {
      throw new JwtFormatException("Not a JWT: the " + name + " is not valid JSON");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new JwtFormatException("Not a JWT: the " + name + " is JSON but not an object");
    }
    return object;
  }
}
