package dev.entratool.auth;

import com.microsoft.aad.msal4j.HttpMethod;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpResponse;
import dev.entratool.auth.UnusableAnswer.Kind;
import dev.entratool.json.StrictJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What MSAL is given of the sign-in service's answers, decided by the HTTP status first: MSAL reads only Entra-shaped
 * bodies, takes any 200 answer as a token (and caches it before returning it), and keeps failed public-client
 * requests in its throttling cache. So a 5xx or 429 is worth another try whatever its body; a 200 answer to a token
 * request must hold a usable token; an error must be a readable OAuth error. Anything else becomes an
 * {@link UnusableAnswer} before MSAL sees it, and nothing is cached.
 */
final class Answers {
  /** The longest lifetime taken for an access token: Entra gives at most a day or so (28 h with CAE). */
  static final Duration MAX_LIFETIME = Duration.ofDays(7);

  private Answers() {}

  static void check(HttpRequest request, IHttpResponse response) throws UnusableAnswer {
    checkAvailable(response);
    int status = response.statusCode();
    boolean tokenRequest = request.httpMethod() == HttpMethod.POST && request.body() != null
        && request.body().contains("grant_type=");
    Map<String, Object> json = object(response.body());
    if (status == 200) {
      if (tokenRequest) {
        String problem = json == null ? "the answer is not a JSON object" : tokenProblem(json);
        if (problem != null) {
          throw new UnusableAnswer(Kind.NO_TOKEN, status, problem, null);
        }
      } else if (json == null && request.httpMethod() == HttpMethod.POST) {
        throw notOAuth(status, response);
      }
      return;
    }
    // MSAL reads an error only when it has both fields; without a description it reports "unknown", status lost
    if (json != null && nonBlank(json.get("error"))) {
      if (!nonBlank(json.get("error_description"))) {
        throw new UnusableAnswer(Kind.REJECTED, status, (String) json.get("error"), null);
      }
      return;
    }
    throw notOAuth(status, response);
  }

  /** A 5xx or 429, whatever its body, is a service unavailable for now (worth another try). */
  static void checkAvailable(IHttpResponse response) throws UnusableAnswer {
    int status = response.statusCode();
    if (status >= 500 || status == 429) {
      throw new UnusableAnswer(Kind.UNAVAILABLE, status, "HTTP " + status, retryAfter(response.headers())
          .orElse(null));
    }
  }

  private static UnusableAnswer notOAuth(int status, IHttpResponse response) {
    String type = header(response.headers(), "Content-Type").map(t -> t.split(";")[0].strip()).orElse("");
    boolean empty = response.body() == null || response.body().isBlank();
    return new UnusableAnswer(Kind.NOT_OAUTH, status, "HTTP " + status
        + (empty ? ", empty" : type.isEmpty() ? "" : ", " + type), null);
  }

  /** Null when the token answer holds a usable token, else what is wrong with it (never the token). */
  static String tokenProblem(Map<String, Object> json) {
    Object token = json.get("access_token");
    if (token == null) {
      return "no access_token";
    }
    if (!(token instanceof String text)) {
      return "its access_token is not text";
    }
    if (text.isEmpty()) {
      return "its access_token is empty";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c > '~') { // a token goes into an Authorization header, and into scripts' variables
        return "its access_token holds characters no token has";
      }
    }
    Object expiresIn = json.get("expires_in");
    if (expiresIn == null) {
      return "no expires_in (the token's lifetime)";
    }
    Optional<BigInteger> seconds = wholeNumber(expiresIn);
    if (seconds.isEmpty()) {
      return "its expires_in is not a whole number of seconds";
    }
    if (seconds.get().signum() <= 0 || seconds.get().compareTo(BigInteger.valueOf(MAX_LIFETIME.toSeconds())) > 0) {
      return "its expires_in of " + seconds.get() + " seconds is no token lifetime (more than 0, at most "
          + MAX_LIFETIME.toDays() + " days)";
    }
    for (String field : List.of("ext_expires_in", "refresh_in")) {
      Object value = json.get(field);
      if (value != null && wholeNumber(value).filter(n -> n.bitLength() < 63).isEmpty()) {
        return "its " + field + " is not a whole number of seconds"; // MSAL could not read it
      }
    }
    return null;
  }

  /** A JSON number, or a string of digits (Entra's v1 endpoints send numbers as strings, and MSAL reads both). */
  private static Optional<BigInteger> wholeNumber(Object value) {
    if (value instanceof BigInteger n) {
      return Optional.of(n);
    }
    if (value instanceof BigDecimal d) {
      try {
        return Optional.of(d.toBigIntegerExact());
      } catch (ArithmeticException e) {
        return Optional.empty();
      }
    }
    if (value instanceof String s && !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(Character::isDigit)) {
      return Optional.of(new BigInteger(s));
    }
    return Optional.empty();
  }

  /**
   * Retry-After in seconds; empty for anything else (an HTTP date, a negative number, junk), which gets the default
   * backoff.
   */
  static Optional<Duration> retryAfter(Map<String, List<String>> headers) {
    return header(headers, "Retry-After").map(String::strip)
        .filter(v -> !v.isEmpty() && v.length() <= 9 && v.chars().allMatch(c -> c >= '0' && c <= '9'))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)));
  }

  private static Optional<String> header(Map<String, List<String>> headers, String name) {
    if (headers != null) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (name.equalsIgnoreCase(e.getKey()) && e.getValue() != null && !e.getValue().isEmpty()) {
          return Optional.ofNullable(e.getValue().get(0));
        }
      }
    }
    return Optional.empty();
  }

  private static Map<String, Object> object(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return StrictJson.parseObject(body);
    } catch (StrictJson.Invalid | RuntimeException e) {
      return null;
    }
  }

  private static boolean nonBlank(Object value) {
    return value instanceof String s && !s.isBlank();
  }
}
