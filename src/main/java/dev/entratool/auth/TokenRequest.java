package dev.entratool.auth;

import dev.entratool.profile.Profile;
import java.time.Duration;
import java.util.List;

/**
 * What a caller asks of a flow.
 *
 * @param scopes the scopes to request (the profile's, or --scope's)
 * @param forceRefresh skip the cache and ask the authority
 * @param minValidity a cached token is used only if it stays valid at least this long
 */
public record TokenRequest(Profile profile, List<String> scopes, boolean forceRefresh, Duration minValidity) {
  public TokenRequest {
    scopes = List.copyOf(scopes);
  }
}
