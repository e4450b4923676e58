package dev.entratool.auth;

import java.time.Instant;
import java.util.List;

/** An access token and what it is for; {@link #toString()} never shows the token. */
public record AccessToken(String token, Instant expiresOn, List<String> scopes, boolean fromCache) {
  public AccessToken {
    scopes = List.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "AccessToken[scopes=" + scopes + ", expiresOn=" + expiresOn + ", fromCache=" + fromCache + "]";
  }
}
