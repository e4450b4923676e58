package dev.entratool.auth;

import dev.entratool.cache.TokenKey;
import dev.entratool.error.EntraToolException;
import dev.entratool.profile.AuthMethod;
import dev.entratool.profile.Flow;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.profile.ProfileValidator;
import dev.entratool.profile.Scopes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a caller asks for a token, as typed, and the one place its rules live: the --min-validity default and check,
 * the flow's name, which profile, how --scope is read, and (in {@link Resolved#forFlow}) what the chosen flow
 * needs. {@code get-token}, {@code refresh} and the start-up front end all go through it, so they cannot disagree.
 * Light on purpose: the front end resolves a query without loading MSAL or crypto classes.
 *
 * @param profile the -p name, or null for the default profile
 * @param flow the -f text, or null for the profile's flow
 * @param scope the --scope text, or null for the profile's scopes
 * @param minValidityMinutes --min-validity, or null for {@link #DEFAULT_MIN_VALIDITY_MINUTES}
 * @param force ignore cached tokens
 * @param tenant the --tenant text: the profile's app in another tenant for this call, or null for the profile's
 * @param claims the claims a resource's challenge asks for, as JSON ({@link ClaimsValue}), or null: a token that
 *     carries them comes only from the authority, so the cache is skipped for this call (and keeps the answer)
 * @param assertion for On-Behalf-Of: the user token the middle tier received, or null
 */
public record TokenQuery(String profile, String flow, String scope, Integer minValidityMinutes, boolean force,
    String tenant, String claims, UserAssertionText assertion) {
  /** --min-validity's default, in minutes (a string, as picocli's {@code defaultValue} takes it). */
  public static final String DEFAULT_MIN_VALIDITY_MINUTES = "5";

  /** Checks what needs no profile: --min-validity, the flow's name and the tenant's. */
  public TokenQuery {
    if (minValidityMinutes != null && minValidityMinutes < 0) {
      throw EntraToolException.usage("--min-validity must be 0 or more minutes", null);
    }
    if (flow != null) {
      requestedFlow(flow);
    }
    String tenantProblem = tenant == null ? null : ProfileValidator.tenantProblem(tenant);
    if (tenantProblem != null) {
      throw EntraToolException.usage("Invalid --tenant: " + tenantProblem, null);
    }
  }

  /** A query in the profile's own tenant. */
  public TokenQuery(String profile, String flow, String scope, Integer minValidityMinutes, boolean force) {
    this(profile, flow, scope, minValidityMinutes, force, null, null, null);
  }

  /** How long a cached token must stay valid to answer. */
  public Duration minValidity() {
    return Duration.ofMinutes(minValidityMinutes != null ? minValidityMinutes
        : Integer.parseInt(DEFAULT_MIN_VALIDITY_MINUTES));
  }

  /** The profile, flow and scopes this query means (usage or profile errors as the commands report them). */
  public Resolved resolve(ProfileStore profiles) {
    return resolve(profiles, origin(profiles));
  }

  /** {@link #resolve(ProfileStore)} with this query's {@link #origin}, taken before the read (ProfileStore#stamp). */
  Resolved resolve(ProfileStore profiles, String origin) {
    return resolve(profiles.resolve(profile)).from(origin);
  }

  /** The name of the profile this query means: the -p name, else the default profile's. */
  public String profileName() {
    return profile != null ? profile : ProfileStore.DEFAULT_PROFILE;
  }

  /**
   * What this query resolves to depends only on these: the version of profiles.json ({@link ProfileStore#stamp}) and
   * the flow, tenant and scopes as typed (in canonical form). So a session entry kept for the same origin answers the
   * query as its resolution would, without reading profiles.json. Null for a query the cache may not answer, or
   * where the file's version cannot be told.
   */
  String origin(ProfileStore profiles) {
    if (force || claims != null || assertion != null) {
      return null;
    }
    String stamp = profiles.stamp();
    return stamp == null ? null : stamp + " flow=" + (flow == null ? "*" : requestedFlow(flow).name()) + " tenant="
        + (tenant == null ? "*" : tenant) + " scope=" + (scope == null ? "*" : String.join(",", Scopes.parse(scope)));
  }

  /** The time a cached token must still be valid at to answer. */
  public Instant validUntil(Clock clock) {
    return validUntil(clock, minValidity());
  }

  private static Instant validUntil(Clock clock, Duration minValidity) {
    return clock.instant().plus(minValidity);
  }

  /** This query for a profile that is not saved ({@code --from-env}, {@code --managed-identity}). */
  public Resolved resolve(Profile unsaved) {
    Profile p = inTenant(unsaved);
    if (claims != null && p.authMethod().isHostIdentity()) {
      throw EntraToolException.usage(p.authMethod() + " cannot ask for the claims of a challenge",
          "Ask the resource's owner to exempt this identity, or use an app registration's profile");
    }
    return new Resolved(p, Flow.choose(p, flow == null ? null : requestedFlow(flow)), scopes(p, scope),
        minValidity(), force, tenant, claims, assertion, null);
  }

  /**
   * The profile, or with --tenant its app in that tenant, for this call only: everything downstream (the authority,
   * the token cache's key, az's --tenant) follows the profile's tenant, so tenants never answer for each other.
   */
  private Profile inTenant(Profile p) {
    if (tenant == null) {
      return p;
    }
    if (p.authMethod() == AuthMethod.ManagedIdentity) {
      throw EntraToolException.usage("--tenant does not apply to a managed identity: it gets tokens only in its own "
          + "tenant", "Leave --tenant out");
    }
    Profile.Builder b = p.toBuilder();
    b.tenantId = tenant;
    return b.build();
  }

  private static Flow requestedFlow(String text) {
    try {
      return Flow.parse(text);
    } catch (IllegalArgumentException e) {
      throw EntraToolException.usage("Invalid value for --flow: " + e.getMessage(), null);
    }
  }

  /** The scopes for this call: --scope's (parsed and checked) or the profile's. */
  static List<String> scopes(Profile profile, String scopeFlag) {
    if (scopeFlag == null) {
      return profile.scopes();
    }
    List<String> scopes = Scopes.parse(scopeFlag);
    if (scopes.isEmpty()) {
      throw EntraToolException.usage("--scope is empty", "Give at least one scope, e.g. --scope "
          + "\"https://graph.microsoft.com/.default\"");
    }
    for (String s : scopes) {
      String problem = Scopes.problem(s);
      if (problem != null) {
        throw EntraToolException.usage("Invalid --scope: " + problem, null);
      }
    }
    return scopes;
  }

  /**
   * A query made concrete.
   *
   * @param profile the profile, already in {@code tenant} when that is given
   * @param tenant the --tenant text, or null: kept to name this call's command in a hint
   * @param origin the saved profile's version and the query it was resolved from ({@link TokenQuery#origin}), kept
   *     with the token in the session tier; null for an unsaved profile
   */
  public record Resolved(Profile profile, Flow flow, List<String> scopes, Duration minValidity, boolean force,
      String tenant, String claims, UserAssertionText assertion, String origin) {
    public Resolved {
      scopes = List.copyOf(scopes);
    }

    Resolved from(String origin) {
      return new Resolved(profile, flow, scopes, minValidity, force, tenant, claims, assertion, origin);
    }

    /**
     * What the flow itself needs, checked before any cache or network: a confidential client for Client
     * Credentials and AuthorizationCode, and for Client Credentials exactly one {@code <resource>/.default}. Returns
     * this query with the scopes the flow asks for.
     */
    public Resolved forFlow() {
      if (profile.authMethod().isHostIdentity() && flow != Flow.ClientCredentials) {
        throw EntraToolException.usage("Profile '" + profile.name() + "' uses " + profile.authMethod()
            + ", which gets tokens only as ClientCredentials does, not with " + flow, "Leave -f out");
      }
      if (flow == Flow.ClientCredentials) {
        return new Resolved(profile, flow, Scopes.clientCredentials(scopes), minValidity, force, tenant, claims,
            assertion, origin);
      }
      if ((flow == Flow.OnBehalfOf) != (assertion != null)) {
        throw flow == Flow.OnBehalfOf
            ? EntraToolException.usage("OnBehalfOf needs the token the middle tier received",
                "Pass it in a file with --assertion-file FILE, or on stdin with --assertion -")
            : EntraToolException.usage("--assertion-file and --assertion go with -f OnBehalfOf", null);
      }
      if (flow == Flow.OnBehalfOf && !profile.authMethod().isConfidential()) {
        throw EntraToolException.profile("OnBehalfOf is for a middle tier's app registration with a client "
            + "secret, certificate or federated credential, but profile '" + profile.name() + "' is a public client",
            "Use the middle tier's profile (entratool config create --auth-method ClientSecret ...)");
      }
      if (flow == Flow.AuthorizationCode && !profile.authMethod().isConfidential()) {
        throw EntraToolException.usage("AuthorizationCode is for web-app registrations with a client secret or "
            + "certificate, but profile '" + profile.name() + "' is a public client",
            "Use -f InteractiveBrowser (or -f DeviceCode) for a public client");
      }
      return this;
    }

    /** Which cached token answers: a person's for a sign-in flow, else the app's own. */
    public TokenKey key() {
      return TokenKey.of(profile, flow.signsInUser(), scopes);
    }

    /**
     * True when the session tier may not answer: --force, claims only the authority can put in a token, or an
     * On-Behalf-Of exchange (its tokens are kept per incoming token, by MSAL, in the encrypted tier only).
     */
    public boolean skipsCache() {
      return force || claims != null || flow == Flow.OnBehalfOf;
    }

    /** A cached token answers only if it is still valid then. */
    public Instant validUntil(Clock clock) {
      return TokenQuery.validUntil(clock, minValidity);
    }

    TokenRequest request() {
      return new TokenRequest(profile, scopes, force, minValidity, tenant, claims, assertion);
    }
  }
}
