package dev.entratool.auth;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.SilentParameters;
import dev.entratool.cache.TokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.SecureFiles;
import dev.entratool.profile.Flow;
import dev.entratool.profile.Profile;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the user flows share: the cached token, or a silent refresh with the cached refresh token, before anyone is
 * asked to sign in.
 */
final class UserSignIn {
  /** Longer claims would make the hint a wall of text: it names the option instead. */
  private static final int MAX_CLAIMS_SHOWN = 160;

  private final TokenCache tokens;
  private final Clock clock;
  private final Attempts attempts;
  private final Flow noSignIn;

  /** @param noSignIn the flow asked for when no person may be asked to sign in, else null */
  UserSignIn(TokenCache tokens, Clock clock, Attempts attempts, Flow noSignIn) {
    this.tokens = tokens;
    this.clock = clock;
    this.attempts = attempts;
    this.noSignIn = noSignIn;
  }

  /**
   * After a cache miss: the token a parallel run stored meanwhile; else one refreshed silently; else empty (a person
   * must sign in). Where no person may be asked (kubectl's {@code "interactive": false}), exit 8 with the command to
   * sign in first instead of empty.
   */
  Optional<AccessToken> withoutSignIn(AbstractClientApplicationBase app, TokenRequest request) {
    Optional<AccessToken> found = storedOrRefreshed(app, request);
    if (found.isEmpty() && noSignIn != null) {
      String name = request.profile().name();
      throw new EntraToolException(ExitCode.NO_TOKEN, request.claims() == null
          ? "Profile '" + name + "' has no cached or refreshable token, and signing in is not allowed here "
              + "(not interactive)"
          : "Profile '" + name + "' needs a new sign-in for the claims of the challenge (a refresh cannot carry "
              + "them), and signing in is not allowed here (not interactive)", signInFirst(request));
    }
    return found;
  }

  /**
   * The command that signs in for this request, on one line: with its tenant, scopes and claims, so the token it
   * caches is the one this request needed (signing in without the claims would be challenged again). Claims too long
   * or odd to quote are referred to rather than printed.
   */
  private String signInFirst(TokenRequest request) {
    Profile profile = request.profile();
    String command = "entratool get-token -p " + profile.name()
        + (noSignIn == profile.defaultFlow() ? "" : " -f " + noSignIn)
        + (request.tenant() == null ? "" : " --tenant " + request.tenant())
        + (request.scopes().equals(profile.scopes()) ? "" : " --scope \"" + String.join(" ", request.scopes()) + "\"");
    String claims = request.claims();
    if (claims == null) {
      return "Sign in first: " + command;
    }
    if (claims.length() <= MAX_CLAIMS_SHOWN && claims.chars().allMatch(c -> c >= ' ' && c <= '~' && c != '\'')) {
      return "Sign in first, with the claims: " + command + " --claims '" + claims + "'";
    }
    return "Sign in first, at a terminal: " + command + " with this call's --claims or --claims-challenge";
  }

  /**
   * Empty at once for a request with claims: MSAL does not send them on a refresh, so a refreshed token would be
   * challenged again.
   */
  private Optional<AccessToken> storedOrRefreshed(AbstractClientApplicationBase app, TokenRequest request) {
    if (request.claims() != null) {
      return Optional.empty();
    }
    String profile = request.profile().name();
    try (SecureFiles.Held refreshing = tokens.singleFlight(profile)) {
      // a parallel run may have refreshed while this one waited; refreshing again would rotate its refresh token
      Optional<AccessToken> cached = request.storedMeanwhile(tokens, clock, true);
      if (cached.isPresent() || !tokens.hasRefreshToken(profile)) {
        return cached;
      }
      try {
        return Optional.of(refresh(app, request));
      } catch (EntraToolException e) {
        if (e.exitCode() == ExitCode.AUTH_REJECTED || e.exitCode() == ExitCode.NO_TOKEN) {
          return Optional.empty(); // the refresh token no longer works: sign in again
        }
        throw e;
      }
    }
  }

  /** Always asks the authority with the cached refresh token; the rotated refresh token lands in the cache. */
  AccessToken refresh(AbstractClientApplicationBase app, TokenRequest request) {
    Profile profile = request.profile();
    Set<IAccount> accounts = app.getAccounts().join();
    if (accounts.isEmpty() || !tokens.hasRefreshToken(profile.name())) {
      throw new EntraToolException(ExitCode.NO_TOKEN, "No refresh token cached for profile '" + profile.name() + "'",
          "Sign in first: entratool get-token -p " + profile.name()
              + (request.tenant() == null ? "" : " --tenant " + request.tenant())
              + " -f DeviceCode (or -f InteractiveBrowser)");
    }
    IAccount account = accounts.iterator().next();
    Authority authority = Authority.of(profile);
    SilentParameters params = SilentParameters.builder(scopes(request.scopes()), account)
        .authorityUrl(authority.url()) // keeps the refresh on this host and port
        .forceRefresh(true)
        .build();
    IAuthenticationResult result = attempts.run(() -> silently(app, params), authority, profile.name());
    return new AccessToken(result.accessToken(), result.expiresOnDate().toInstant(), request.scopes(),
        AccessToken.Source.AUTHORITY);
  }

  private static java.util.concurrent.CompletableFuture<IAuthenticationResult> silently(
      AbstractClientApplicationBase app, SilentParameters params) {
    try {
      return app.acquireTokenSilently(params);
    } catch (java.net.MalformedURLException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  static Set<String> scopes(List<String> scopes) {
    return new LinkedHashSet<>(scopes);
  }

  /**
   * The token of a completed sign-in. A profile is one user, the one who signed in last: another account in the
   * profile's cache goes, with its tokens, so that no later refresh or cached token answers for that user.
   */
  static AccessToken signedIn(AbstractClientApplicationBase app, IAuthenticationResult result, List<String> scopes) {
    IAccount account = result.account();
    if (account != null) {
      for (IAccount other : app.getAccounts().join()) {
        if (!other.homeAccountId().equals(account.homeAccountId())) {
          app.removeAccount(other).join();
        }
      }
    }
    return new AccessToken(result.accessToken(), result.expiresOnDate().toInstant(), scopes,
        AccessToken.Source.SIGN_IN);
  }
}
