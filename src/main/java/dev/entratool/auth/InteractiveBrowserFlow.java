package dev.entratool.auth;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.InteractiveRequestParameters;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SystemBrowserOptions;
import dev.entratool.auth.browser.BrowserOpener;
import dev.entratool.cache.TokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.profile.Profile;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Interactive Browser: MSAL's public-client flow with PKCE and a loopback redirect; the person signs in in their
 * own browser, which posts the code back to MSAL's listener on localhost.
 */
final class InteractiveBrowserFlow implements TokenFlow {
  static final String DONE_PAGE = "<html><head><title>entratool</title></head><body><h1>Authentication complete"
      + "</h1><p>You can close this window and return to the terminal.</p></body></html>";

  private final MsalApps apps;
  private final TokenCache tokens;
  private final UserSignIn signIn;
  private final SignInUi ui;
  private final BrowserOpener browser;
  private final URI redirectUri;

  InteractiveBrowserFlow(MsalApps apps, TokenCache tokens, UserSignIn signIn, SignInUi ui,
      BrowserOpener browser, URI redirectUri) {
    this.apps = apps;
    this.tokens = tokens;
    this.signIn = signIn;
    this.ui = ui;
    this.browser = browser;
    this.redirectUri = redirectUri;
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
    Duration timeout = apps.connection().timeout();
    SystemBrowserOptions options = SystemBrowserOptions.builder()
        .openBrowserAction(url -> {
          if (!browser.open(url.toString())) {
            ui.openManually(url.toString());
          }
        })
        .htmlMessageSuccess(DONE_PAGE)
        .build();
    InteractiveRequestParameters params = InteractiveRequestParameters.builder(redirectUri)
        .scopes(UserSignIn.scopes(request.scopes()))
        .systemBrowserOptions(options)
        .httpPollingTimeoutInSeconds((int) Math.max(1, timeout.toSeconds()))
        .claims(request.claimsRequest())
        .build();
    ui.openingBrowser();
    CompletableFuture<IAuthenticationResult> future = app.acquireToken(params);
    try {
      IAuthenticationResult result = future.get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
      ui.authenticated();
      return UserSignIn.signedIn(app, result, request.scopes());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw browserDidNotRespond(timeout, profile, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new EntraToolException(ExitCode.INTERRUPTED, "Cancelled", null, e);
    } catch (ExecutionException e) {
      Throwable cause = AuthErrors.unwrap(e);
      String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
      // MSAL's listener gives up after httpPollingTimeoutInSeconds with "No Authorization code was returned"
      if (message.contains("timed out") || message.contains("timeout")
          || message.contains("no authorization code was returned")) {
        throw browserDidNotRespond(timeout, profile, cause);
      }
      if (cause instanceof com.microsoft.aad.msal4j.MsalClientException c && c.getMessage() != null
          && c.getMessage().contains("Address already in use")) {
        throw EntraToolException.usage("Port " + redirectUri.getPort() + " is already in use, so the sign-in "
            + "redirect cannot be received", "Pass --port N or change the profile's redirect URI");
      }
      throw AuthErrors.map(cause, Authority.of(profile), profile.name());
    }
  }

  static EntraToolException browserDidNotRespond(Duration timeout, Profile profile, Throwable cause) {
    return new EntraToolException(ExitCode.TIMEOUT, "Browser did not respond within " + Attempts.describe(timeout),
        "Try the Device Code flow instead: entratool get-token -p " + profile.name() + " -f DeviceCode; also check "
            + "the redirect URI configuration and that the localhost port is not blocked", cause);
  }
}
