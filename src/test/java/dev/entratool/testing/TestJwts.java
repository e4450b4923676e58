package dev.entratool.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mints RS256-looking JWTs at test time (the signature is random bytes: nothing here signs), so no token is ever
 * committed. Claims keep their insertion order.
 */
public final class TestJwts {
  /** The fixed "now" of token tests: 14:48, so a token expiring at 15:30 has 42 minutes left. */
  public static final Instant NOW = Instant.parse("2026-11-24T14:48:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  public static final String TENANT = "11111111-2222-3333-4444-555555555555";
  public static final String APP_ID = "12345678-1234-1234-1234-123456789abc";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestJwts() {}

  /** A Graph access token as Entra ID issues it, expiring at {@code exp} (epoch seconds). */
  public static Map<String, Object> graphClaims(long iat, long exp) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", "https://graph.microsoft.com");
    claims.put("iss", "https://sts.windows.net/" + TENANT + "/");
    claims.put("iat", iat);
    claims.put("nbf", iat);
    claims.put("exp", exp);
    claims.put("appid", APP_ID);
    claims.put("scp", "User.Read Mail.Read");
    claims.put("roles", List.of());
    claims.put("tid", TENANT);
    return claims;
  }

  /** A token issued 18 minutes before {@link #NOW} that expires 42 minutes after it. */
  public static String valid() {
    return sign(graphClaims(NOW.getEpochSecond() - 18 * 60, NOW.getEpochSecond() + 42 * 60));
  }

  /** A token that expired 3 minutes before {@link #NOW}. */
  public static String expired() {
    return sign(graphClaims(NOW.getEpochSecond() - 63 * 60, NOW.getEpochSecond() - 3 * 60));
  }

  public static String sign(Map<String, ?> claims) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "JWT");
    header.put("alg", "RS256");
    header.put("kid", "test-key");
    return token(json(header), json(claims));
  }

  /** header.payload.signature from raw JSON texts, for tokens whose JSON a test wants to control exactly. */
  public static String token(String headerJson, String payloadJson) {
    return b64(headerJson) + "." + b64(payloadJson) + "." + signature();
  }

  public static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String signature() {
    byte[] bytes = new byte[256];
    new Random().nextBytes(bytes);
    return b64(bytes);
  }
}
