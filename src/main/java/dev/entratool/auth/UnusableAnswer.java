package dev.entratool.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * An answer of the sign-in service that MSAL is never given (see {@link Answers}): so MSAL neither caches a token
 * from it nor keeps it in its throttling cache, and this exception is the cause of MSAL's. Its message says what was
 * wrong, never what a token answer held.
 */
final class UnusableAnswer extends Exception {
  private static final long serialVersionUID = 1L;

  /** What was wrong with it. */
  enum Kind {
    /** 5xx or 429, whatever the body: worth another try. */
    UNAVAILABLE,
    /** A 200 answer to a token request without a usable token. */
    NO_TOKEN,
    /** An OAuth error MSAL cannot read (no {@code error_description}): the authority said no. */
    REJECTED,
    /** Not an answer of an OAuth server at all: an HTML page, a redirect, an empty body. */
    NOT_OAUTH
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  /** @param detail what was wrong, for the error message; never the body itself */
  UnusableAnswer(Kind kind, int status, String detail, Duration retryAfter) {
    super(detail, null, false, false);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  Kind kind() {
    return kind;
  }

  int status() {
    return status;
  }

  /** How long the service asked to wait (Retry-After in seconds), if it did. */
  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
