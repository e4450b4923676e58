package dev.entratool.auth;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one token call within the overall time limit, trying again (three tries in all) after a transient failure —
 * 5xx, 429, a dropped connection, whatever the answer's body — waiting as long as Retry-After says, or 1 s then 2 s.
 * A wait that would end after the time limit is not begun.
 */
final class Attempts {
  static final int MAX_TRIES = 3;

  private final Duration timeout;
  private final Sleeper sleeper;

  Attempts(Duration timeout, Sleeper sleeper) {
    this.timeout = timeout;
    this.sleeper = sleeper;
  }

  <T> T run(Supplier<CompletableFuture<T>> call, Authority authority, String profile) {
    Instant deadline = Instant.now().plus(timeout);
    for (int attempt = 1; ; attempt++) {
      CompletableFuture<T> future = call.get();
      try {
        return future.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        throw timedOut(authority, timeout);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new EntraToolException(ExitCode.INTERRUPTED, "Cancelled", null, e);
      } catch (ExecutionException e) {
        Throwable cause = AuthErrors.unwrap(e);
        if (attempt >= MAX_TRIES || !AuthErrors.transient_(cause)) {
          throw AuthErrors.map(cause, authority, profile);
        }
        Duration wait = AuthErrors.retryAfter(cause).orElse(Duration.ofSeconds(attempt));
        if (Instant.now().plus(wait).isAfter(deadline)) {
          throw AuthErrors.map(cause, authority, profile);
        }
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new EntraToolException(ExitCode.INTERRUPTED, "Cancelled", null, ie);
        }
      }
    }
  }

  static EntraToolException timedOut(Authority authority, Duration timeout) {
    return new EntraToolException(ExitCode.TIMEOUT, "No token from " + authority.hostAndPort() + " within "
        + describe(timeout), "Check the network or proxy (HTTPS_PROXY), or allow more time with --timeout 2m");
  }

  static String describe(Duration d) {
    long s = d.toSeconds();
    return s >= 60 && s % 60 == 0 ? (s / 60) + (s == 60 ? " minute" : " minutes")
        : s >= 1 ? s + (s == 1 ? " second" : " seconds") : d.toMillis() + " ms";
  }
}
