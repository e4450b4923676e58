package dev.entratool.auth;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.SilentParameters;
import dev.entratool.cache.EncryptedTokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.SecureFiles;
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
  private final EncryptedTokenCache cache;
  private final Clock clock;
  private final Attempts attempts;

  UserSignIn(EncryptedTokenCache cache, Clock clock, Attempts attempts) {
    this.cache = cache;
    this.clock = clock;
    this.attempts = attempts;
  }

  /**
   * The cached token if it stays valid long enough; else one refreshed silently; else empty. Empty at once for a
   * request with claims: MSAL does not send them on a refresh, so a refreshed token would be challenged again.
   */
  Optional<AccessToken> withoutSignIn(AbstractClientApplicationBase app, TokenRequest request) {
    if (request.claims() != null) {
      return Optional.empty();
    }
    Optional<AccessToken> cached = request.fromCache(cache, clock, request.scopes(), true);
    if (cached.isPresent()) {
      return cached;
    }
    try (SecureFiles.Held refreshing = cache.singleFlight()) {
      // a parallel run may have refreshed while this one waited; refreshing again would rotate its refresh token
      cached = request.fromCache(cache, clock, request.scopes(), true);
      if (cached.isPresent() || !cache.hasRefreshToken()) {
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
    if (accounts.isEmpty() || !cache.hasRefreshToken()) {
      throw new EntraToolException(ExitCode.NO_TOKEN, "No refresh token cached for profile '" + profile.name() + "'",
          "Sign in first: entratool get-token -p " + profile.name() + " -f DeviceCode (or -f InteractiveBrowser)");
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

  static AccessToken signedIn(IAuthenticationResult result, List<String> scopes) {
    return new AccessToken(result.accessToken(), result.expiresOnDate().toInstant(), scopes,
        AccessToken.Source.SIGN_IN);
  }
}
