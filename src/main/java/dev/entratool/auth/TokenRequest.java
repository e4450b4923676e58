package dev.entratool.auth;

import dev.entratool.cache.TokenCache;
import dev.entratool.cache.TokenKey;
import dev.entratool.profile.Profile;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

  /**
   * The token a parallel run stored in the encrypted tier while this one waited for the single flight: a signed-in
   * user's when {@code forUser}, else the app's own, valid for at least {@link #minValidity}. Empty with
   * {@link #forceRefresh}. ({@link TokenService} looked in both tiers before the flow ran.)
   */
  Optional<AccessToken> storedMeanwhile(TokenCache tokens, Clock clock, boolean forUser) {
    if (forceRefresh) {
      return Optional.empty();
    }
    return tokens.findInFile(profile.name(), TokenKey.of(profile, forUser, scopes), clock.instant().plus(minValidity))
        .map(hit -> new AccessToken(hit.token(), hit.expiresOn(), scopes, AccessToken.Source.CACHE));
  }
}
