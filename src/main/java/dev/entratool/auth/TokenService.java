package dev.entratool.auth;

import dev.entratool.cache.TokenCache;
import dev.entratool.platform.Environment;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one domain call for a token: a cached one that answers the query, else one from the flow, under the flows'
 * single flight (which re-checks the cache). {@code get-token}, {@code refresh} and the start-up front end call it.
 */
public final class TokenService {
  private final Supplier<TokenFlows> flows;

  /** {@code flows} is made only when a token is not found in the session tier (it loads MSAL). */
  public TokenService(Supplier<TokenFlows> flows) {
    this.flows = flows;
  }

  /**
   * The session tier's answer only, for the start-up front end: no secret store, no MSAL, no crypto. Applies every
   * rule of {@link #get} first, so it answers exactly what {@code get} would answer from that tier.
   */
  public static Optional<String> cachedInSession(TokenQuery.Resolved query, TokenCache cache, Clock clock,
      Environment env) {
    if (query.skipsCache()) {
      return Optional.empty();
    }
    TokenQuery.Resolved request = query.forFlow();
    return cache.findInSession(request.profile().name(), request.key(), request.validUntil(clock), env);
  }

  /** A token for the query: cached (both tiers) unless forced, else from the flow. */
  public AccessToken get(TokenQuery.Resolved query) {
    TokenQuery.Resolved request = query.forFlow();
    return flows.get().acquire(request.profile(), request.flow(), request.request());
  }

  /** Always from the authority with the cached refresh token (exit 8 without one). */
  public AccessToken refresh(TokenQuery.Resolved query) {
    return flows.get().refresh(query.request());
  }
}
