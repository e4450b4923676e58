package dev.entratool.auth;

/** One OAuth2 flow. Failures are {@code EntraToolException}s with the exit code and a hint. */
public interface TokenFlow {
  AccessToken acquire(TokenRequest request);
}
