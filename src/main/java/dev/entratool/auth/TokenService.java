package dev.entratool.auth;

import dev.entratool.cache.TokenCache;
import dev.entratool.cache.TokenKey;
import dev.entratool.profile.Flow;
import dev.entratool.profile.ProfileStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one domain call for a token: a cached one that answers the query (the session tier, then the encrypted tier),
 * else one from the flow, under the flows' single flight (which re-checks the encrypted tier); the token handed out is
 * kept in the session tier. {@code get-token}, {@code refresh} and the start-up front end call it, so they share
 * every rule.
 */
public final class TokenService {
  private final TokenCache cache;
  private final Clock clock;
  private final Supplier<TokenFlows> flows;

  /**
   * @param flows made only when no cached token answers (they load MSAL); null for a service that only looks in
   *     the session tier ({@link #cachedInSession})
   */
  public TokenService(TokenCache cache, Clock clock, Supplier<TokenFlows> flows) {
    this.cache = cache;
    this.clock = clock;
    this.flows = flows;
  }

  /**
   * The session tier's answer only, for the start-up front end: no secret store, no MSAL, no crypto. An entry kept
   * for the same query against the same version of profiles.json answers without the file being read (a thousand
   * profiles cost nothing then); else the query is resolved and {@link #cachedInSession(TokenQuery.Resolved)} asked.
   */
  public Optional<AccessToken> cachedInSession(TokenQuery query, ProfileStore profiles) {
    String origin = query.origin(profiles);
    if (origin != null) {
      Optional<TokenCache.Hit> hit = cache.findInSession(query.profileName(), origin, query.validUntil(clock));
      if (hit.isPresent()) {
        return Optional.of(new AccessToken(hit.get().token(), hit.get().expiresOn(), List.copyOf(hit.get().scopes()),
            AccessToken.Source.CACHE));
      }
    }
    return cachedInSession(query.resolve(profiles, origin)); // the origin taken above: one stat of the file
  }

  /**
   * The session tier's answer to a resolved query. Applies every rule of {@link #get} first, so it answers exactly
   * what {@code get} would answer from that tier.
   */
  public Optional<AccessToken> cachedInSession(TokenQuery.Resolved query) {
    if (query.skipsCache()) {
      return Optional.empty();
    }
    TokenQuery.Resolved request = query.forFlow();
    Optional<TokenCache.Hit> hit = cache.findInSession(request.profile().name(), request.key(),
        request.validUntil(clock));
    return hit.isPresent() ? Optional.of(cached(request, hit.get())) : Optional.empty();
  }

  /** A token for the query: cached (both tiers) unless forced, with claims or on-behalf-of, else from the flow. */
  public AccessToken get(TokenQuery.Resolved query) {
    Optional<AccessToken> session = cachedInSession(query); // what the front end would have answered
    if (session.isPresent()) {
      return session.get();
    }
    TokenQuery.Resolved request = query.forFlow();
    String profile = request.profile().name();
    TokenKey key = request.key();
    if (!request.skipsCache()) {
      Optional<TokenCache.Hit> hit = cache.findInFile(profile, key, request.validUntil(clock));
      if (hit.isPresent()) {
        cache.store(profile, key, request.origin(), hit.get().token(), hit.get().expiresOn());
        return cached(request, hit.get());
      }
    }
    AccessToken token = flows.get().acquire(request.profile(), request.flow(), request.request());
    // the session tier's one entry per profile would answer any caller's exchange
    return request.flow() == Flow.OnBehalfOf ? token : kept(profile, key, request.origin(), token);
  }

  /**
   * Always from the authority with the cached refresh token (exit 8 without one). Claims, which MSAL does not send on
   * a refresh, are asked for as {@link #get} asks for them (a user flow signs in again), so the token answers the
   * challenge rather than being refused again.
   */
  public AccessToken refresh(TokenQuery.Resolved query) {
    if (query.claims() != null) {
      return get(query);
    }
    // no origin: a refresh's token answers get-token's queries by its key alone
    return kept(query.profile().name(), TokenKey.of(query.profile(), true, query.scopes()), null,
        flows.get().refresh(query.request()));
  }

  private static AccessToken cached(TokenQuery.Resolved request, TokenCache.Hit hit) {
    return new AccessToken(hit.token(), hit.expiresOn(), request.scopes(), AccessToken.Source.CACHE);
  }

  /** The session tier keeps every token handed out, so the next call finds it there. */
  private AccessToken kept(String profile, TokenKey key, String origin, AccessToken token) {
    cache.store(profile, key, origin, token.token(), token.expiresOn());
    return token;
  }
}
