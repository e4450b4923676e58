package dev.entratool.jwt;

import dev.entratool.json.PrettyJson;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON that {@code inspect} and {@code discover} print. */
public final class TokenJson {
  private TokenJson() {}

  public static String pretty(Object json) {
    return PrettyJson.write(json);
  }

  /** {@code inspect --header}: {@code {"header", "claims"}}. */
  public static Map<String, Object> headerAndClaims(Jwt jwt) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("header", jwt.header());
    json.put("claims", jwt.claims());
    return json;
  }

  /** {@code inspect --full}: header, claims and the expiry seen at {@code validity.now()}. */
  public static Map<String, Object> full(Jwt jwt, TokenValidity validity) {
    Map<String, Object> json = headerAndClaims(jwt);
    putExpiry(json, validity);
    return json;
  }

  /** {@code discover --json}. */
  public static Map<String, Object> discovery(Jwt jwt, TokenValidity validity, Duration headroom) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("valid", validity.validFor(headroom));
    putExpiry(json, validity);
    json.put("notBefore", validity.notBefore() == null ? null : TokenValidity.iso(validity.notBefore()));
    json.put("audience", jwt.audience());
    json.put("tenantId", jwt.tenantId());
    json.put("appId", jwt.appId());
    return json;
  }

  // expiresIn in whole seconds, negative once expired; all three null without an exp claim.
  private static void putExpiry(Map<String, Object> json, TokenValidity validity) {
    boolean known = validity.hasExpiry();
    json.put("expiresOn", known ? TokenValidity.iso(validity.expiresOn()) : null);
    json.put("expiresIn", known ? validity.expiresIn().getSeconds() : null);
    json.put("expired", known ? validity.expired() : null);
  }
}
