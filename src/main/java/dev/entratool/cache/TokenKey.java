package dev.entratool.cache;

import dev.entratool.profile.Profile;
import dev.entratool.profile.Scopes;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a request asks of the token cache, and the one rule for which cached token answers it (in every tier).
 *
 * @param authority where the profile's tokens come from (cloud, host, tenant): a changed tenant, cloud or host never
 *     reuses an old token, and {@code get-token --tenant} asks for another tenant's
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
   * The tenant of {@link #authority}, as MSAL names a cached token's tenant (its {@code realm}): one profile's cache
   * file holds the tokens of each tenant it was asked for.
   */
  String tenant() {
    return authority.substring(authority.lastIndexOf(' ') + 1);
  }

  /** This key's cloud and host with the tenant {@code realm}: where a cached token with that realm came from. */
  String authorityIn(String realm) {
    return authority.substring(0, authority.lastIndexOf(' ') + 1) + realm;
  }

  /**
   * True when a cached token of this client, authority and kind, granted {@code granted} and expiring at
   * {@code expiresOn}, answers this request: every requested scope granted, and still valid at {@code validUntil}.
   */
  boolean answeredBy(String client, String from, boolean user, Set<String> granted, Instant expiresOn,
      Instant validUntil) {
    return user == forUser
        && client.equalsIgnoreCase(clientId)
        && from.equalsIgnoreCase(authority) // MSAL lower-cases the tenant it keeps; tenant names ignore case
        && granted.containsAll(scopes)
        && expiresOn.isAfter(validUntil);
  }
}
