package dev.entratool.auth;

import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import dev.entratool.cache.TokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.profile.Profile;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Device Code: for SSH sessions and containers. The person opens a URL on any device and enters a code; entratool
 * polls until the sign-in is done, declined or expired.
 */
final class DeviceCodeFlow implements TokenFlow {
  private final MsalApps apps;
  private final TokenCache tokens;
  private final UserSignIn signIn;
  private final SignInUi ui;

  DeviceCodeFlow(MsalApps apps, TokenCache tokens, UserSignIn signIn, SignInUi ui) {
    this.apps = apps;
    this.tokens = tokens;
    this.signIn = signIn;
    this.ui = ui;
  }

  @Override
  public AccessToken acquire(TokenRequest request) {
    Profile profile = request.profile();
    PublicClientApplication app = apps.publicClient(profile, tokens);
    Optional<AccessToken> quiet = signIn.withoutSignIn(app, request);
    if (quiet.isPresent()) {
      return quiet.get();
    }
    tokens.prepare(profile.name());
    DeviceCodeFlowParameters params = DeviceCodeFlowParameters.builder(UserSignIn.scopes(request.scopes()), code -> {
      ui.deviceCode(code.verificationUri(), code.userCode());
      ui.waiting();
    }).claims(request.claimsRequest()).build();
    Duration timeout = apps.connection().timeout();
    CompletableFuture<IAuthenticationResult> future = app.acquireToken(params);
    try {
      return UserSignIn.signedIn(app, future.get(timeout.toMillis(), TimeUnit.MILLISECONDS), request.scopes());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new EntraToolException(ExitCode.TIMEOUT, "Sign-in was not completed within "
          + Attempts.describe(timeout), "Run the command again and enter the code sooner, or allow more time "
          + "with --timeout 5m", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new EntraToolException(ExitCode.INTERRUPTED, "Cancelled", null, e);
    } catch (ExecutionException e) {
      throw map(AuthErrors.unwrap(e), profile);
    } finally {
      ui.doneWaiting();
    }
  }

  private static EntraToolException map(Throwable t, Profile profile) {
    if (t instanceof MsalServiceException s && s.errorCode() != null) {
      switch (s.errorCode()) {
        case "expired_token", "code_expired":
          return new EntraToolException(ExitCode.TIMEOUT, "The device code expired before the sign-in was "
              + "completed", "Run the command again and enter the new code", t);
        case "authorization_declined", "access_denied":
          return new EntraToolException(ExitCode.AUTH_REJECTED, "The sign-in was declined",
              "Run the command again and approve the sign-in, or check with your administrator", t);
        default:
          break;
      }
    }
    return AuthErrors.map(t, Authority.of(profile), profile.name());
  }
}
