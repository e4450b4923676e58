package dev.entratool.platform;

import java.time.Duration;

/**
 * Waits: between tries of a token request, and between device-code polls after a {@code slow_down}. Injected, as the
 * clock is, so tests do not wait. A class, not a lambda (see {@link Environment}).
 */
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  static Sleeper system() {
    return new Sleeper() {
      @Override
      public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
      }
    };
  }
}
