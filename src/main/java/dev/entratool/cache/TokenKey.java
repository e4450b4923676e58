package dev.entratool.cache;

import dev.entratool.profile.Profile;
import dev.entratool.profile.Scopes;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a request asks of the token cache, and the one rule for which cached token answers it (in every tier).
 *
 * @param authority where the profile's tokens come from: a changed tenant, cloud or host never reuses an old token
 * @param forUser a signed-in person's token (it has an account), else the app's own: one registration used with
 *     several flows keeps both in one profile's cache
 * @param scopes the requested scopes as the authority grants them ({@link Scopes#asGranted})
 */
public record TokenKey(String clientId, String authority, boolean forUser, Set<String> scopes) {
  public static TokenKey of(Profile profile, boolean forUser, List<String> requestedScopes) {
    return new TokenKey(profile.tokenOwner(), authorityOf(profile), forUser, Scopes.asGranted(requestedScopes));
  }

  static String authorityOf(Profile profile) {
    return profile.cloud().name() + " " + (profile.authorityHost() == null ? "-" : profile.authorityHost()) + " "
        + profile.tenantId();
  }

  /**
   * True when a cached token of this client, authority and kind, granted {@code granted} and expiring at
   * {@code expiresOn}, answers this request: every requested scope granted, and still valid at {@code validUntil}.
   */
  boolean answeredBy(String client, String from, boolean user, Set<String> granted, Instant expiresOn,
      Instant validUntil) {
    return user == forUser
        && client.equalsIgnoreCase(clientId)
        && from.equals(authority)
        && granted.containsAll(scopes)
        && expiresOn.isAfter(validUntil);
  }
}
