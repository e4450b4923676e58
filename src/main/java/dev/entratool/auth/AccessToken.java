package dev.entratool.auth;

import java.time.Instant;
import java.util.List;

/** An access token and what it is for; {@link #toString()} never shows the token. */
public record AccessToken(String token, Instant expiresOn, List<String> scopes, Source source) {
  /** Where the token came from. */
  public enum Source {
    /** The encrypted cache, without a network call. */
    CACHE,
    /** The authority, without a person signing in (client credentials, a refresh token). */
    AUTHORITY,
    /** A person signed in (browser or device code). */
    SIGN_IN
  }

  public AccessToken {
    scopes = List.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "AccessToken[scopes=" + scopes + ", expiresOn=" + expiresOn + ", source=" + source + "]";
  }
}
