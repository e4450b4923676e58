package dev.entratool.jwt;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.json.PrettyJson;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code inspect} and {@code discover} answer for a token: JSON for stdout, a line for stderr, an exit code. The
 * commands and the start-up fast path only get the token's text and print the report, so the rules and the wording
 * of both commands are here, once. A report is complete before anything is printed: a failure prints nothing of it.
 *
 * @param result the JSON for stdout, or null
 * @param status the line for stderr, or null
 */
public record TokenReport(String result, String status, int exitCode) {
  /** What {@code inspect} prints. */
  public enum View {
    /** The claims. */
    CLAIMS,
    /** {@code --header}: {@code {"header", "claims"}}. */
    HEADER,
    /** {@code --full}: header, claims and the expiry seen now. */
    FULL
  }

  /** {@code inspect}: the claims as JSON and, on a terminal, a line saying when the token expires. */
  public static TokenReport inspect(String token, View view, Instant now, boolean stderrIsTerminal) {
    Jwt jwt = Jwt.decode(token);
    Map<String, Object> json = view == View.CLAIMS ? jwt.claims() : headerAndClaims(jwt);
    if (view == View.FULL) {
      putExpiry(json, TokenValidity.of(jwt, now));
    }
    // The line is for a person; scripts, which capture stderr, do not get it
    return new TokenReport(PrettyJson.write(json), stderrIsTerminal ? expiryLine(jwt, now) : null,
        ExitCode.SUCCESS.code());
  }

  /** {@code discover --min-validity MINUTES}: how long the token must stay valid; none when not given. */
  public static Duration minValidity(Integer minutes) {
    if (minutes == null) {
      return Duration.ZERO;
    }
    if (minutes < 0) {
      throw EntraToolException.usage("--min-validity must be 0 or more minutes", null);
    }
    return Duration.ofMinutes(minutes);
  }

  /**
   * {@code discover}: valid now and for {@code minValidity} more (exit 0) or not (exit 7), in a status line unless
   * {@code quiet}, and with {@code json} as JSON too. A token without {@code exp} cannot be checked: exit 8.
   */
  public static TokenReport discover(String token, Duration minValidity, boolean json, boolean quiet, Instant now) {
    Jwt jwt = Jwt.decode(token);
    TokenValidity validity = TokenValidity.of(jwt, now);
    if (!validity.hasExpiry()) {
      throw new JwtFormatException("The token has no 'exp' claim: its validity cannot be checked");
    }
    boolean valid = validity.validFor(minValidity);
    return new TokenReport(json ? PrettyJson.write(discovery(jwt, validity, valid)) : null,
        quiet ? null : validity.statusLine(minValidity),
        valid ? ExitCode.SUCCESS.code() : ExitCode.TOKEN_EXPIRED.code());
  }

  // A token whose exp is not a date still has its claims printed; the line says what is wrong instead.
  private static String expiryLine(Jwt jwt, Instant now) {
    try {
      return TokenValidity.of(jwt, now).expiryLine();
    } catch (JwtFormatException e) {
      return "Expiry unknown: " + e.getMessage();
    }
  }

  private static Map<String, Object> headerAndClaims(Jwt jwt) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("header", jwt.header());
    json.put("claims", jwt.claims());
    return json;
  }

  private static Map<String, Object> discovery(Jwt jwt, TokenValidity validity, boolean valid) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("valid", valid);
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

  // Never prints the claims: they may carry personal data.
  @Override
  public String toString() {
    return "TokenReport[exit " + exitCode + "]";
  }
}
