package dev.entratool.auth;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.ResponseMode;
import dev.entratool.auth.browser.BrowserOpener;
import dev.entratool.auth.browser.LoopbackListener;
import dev.entratool.cache.TokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Authorization Code for a confidential web-app registration: entratool listens on the registered loopback redirect
 * URI itself, sends the browser to the authorize endpoint (PKCE S256, state, nonce, response_mode=query), and
 * redeems the code with the app's secret or certificate.
 */
final class AuthorizationCodeFlow implements TokenFlow {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MsalApps apps;
  private final TokenCache tokens;
  private final UserSignIn signIn;
  private final SignInUi ui;
  private final BrowserOpener browser;
  private final URI redirectUri;

  AuthorizationCodeFlow(MsalApps apps, TokenCache tokens, UserSignIn signIn, SignInUi ui, BrowserOpener browser,
      URI redirectUri) {
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
    ConfidentialClientApplication app = apps.confidential(profile, tokens);
    Optional<AccessToken> quiet = signIn.withoutSignIn(app, request);
    if (quiet.isPresent()) {
      return quiet.get();
    }
    tokens.prepare(profile.name());
    String verifier = random(32);
    String state = random(16);
    try (LoopbackListener listener = LoopbackListener.start(redirectUri, state)) {
      String redirect = listener.redirectUri().toString();
      AuthorizationRequestUrlParameters params = AuthorizationRequestUrlParameters
          .builder(redirect, UserSignIn.scopes(request.scopes()))
          .codeChallenge(challenge(verifier))
          .codeChallengeMethod("S256")
          .state(state)
          .nonce(random(16))
          .responseMode(ResponseMode.QUERY)
          .claims(request.claimsRequest())
          .build();
      String url = app.getAuthorizationRequestUrl(params).toString();
      ui.openingBrowser();
      ui.redirectUri(redirect);
      if (!browser.open(url)) {
        ui.openManually(url);
      }
      String code;
      try {
        code = listener.awaitCode(apps.connection().timeout());
      } catch (EntraToolException e) {
        if (e.exitCode() == dev.entratool.error.ExitCode.TIMEOUT) {
          throw InteractiveBrowserFlow.browserDidNotRespond(apps.connection().timeout(), profile, e);
        }
        throw e;
      }
      ui.authorizationCodeReceived();
      AuthorizationCodeParameters redeem = AuthorizationCodeParameters.builder(code, URI.create(redirect))
          .scopes(UserSignIn.scopes(request.scopes()))
          .codeVerifier(verifier)
          .claims(request.claimsRequest())
          .build();
      IAuthenticationResult result = apps.attempts().run(() -> app.acquireToken(redeem), Authority.of(profile),
          profile.name());
      return UserSignIn.signedIn(app, result, request.scopes());
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
