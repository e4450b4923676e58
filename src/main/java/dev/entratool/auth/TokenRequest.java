package dev.entratool.auth;

import com.microsoft.aad.msal4j.ClaimsRequest;
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
 * @param tenant the --tenant of this call (the profile is already in it), or null: for naming the call in a hint
 * @param claims the claims request (JSON) to pass to the authority, or null; with claims the cache is skipped
 * @param assertion for On-Behalf-Of: the incoming user token, else null
 */
public record TokenRequest(Profile profile, List<String> scopes, boolean forceRefresh, Duration minValidity,
    String tenant, String claims, UserAssertionText assertion) {
  public TokenRequest {
    scopes = List.copyOf(scopes);
  }

  /**
   * The token a parallel run stored in the encrypted tier while this one waited for the single flight: a signed-in
   * user's when {@code forUser}, else the app's own, valid for at least {@link #minValidity}. Empty with
   * {@link #forceRefresh} or claims. ({@link TokenService} looked in both tiers before the flow ran.)
   */
  Optional<AccessToken> storedMeanwhile(TokenCache tokens, Clock clock, boolean forUser) {
    if (forceRefresh || claims != null) {
      return Optional.empty();
    }
    return tokens.findInFile(profile.name(), TokenKey.of(profile, forUser, scopes), clock.instant().plus(minValidity))
        .map(hit -> new AccessToken(hit.token(), hit.expiresOn(), scopes, AccessToken.Source.CACHE));
  }

  /** The claims for MSAL's parameters, or null. */
  ClaimsRequest claimsRequest() {
    return claims == null ? null : ClaimsRequest.formatAsClaimsRequest(claims);
  }
}
