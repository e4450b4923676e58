package dev.entratool.auth;

import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.OnBehalfOfParameters;
import com.microsoft.aad.msal4j.TokenSource;
import com.microsoft.aad.msal4j.UserAssertion;
import dev.entratool.cache.TokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.profile.Profile;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * On-Behalf-Of: a middle-tier API (a confidential client) exchanges the user token it received for a token to a
 * downstream API, for the same user. MSAL keeps the answer in the profile's encrypted cache keyed by the hash of
 * that user token (never the token itself), and answers from it while it stays valid; the session tier does not
 * hold these tokens, so a token for one caller never answers another's.
 */
final class OnBehalfOfFlow implements TokenFlow {
  /** Hints for Entra's refusals of an On-Behalf-Of exchange; {@code %s} is the profile name. */
  private static final Map<String, String> HINTS = Map.of(
      "AADSTS50013", "The incoming token must be for this middle tier: its audience is the client ID (or App ID "
          + "URI) of profile '%s', it is signed by Entra ID and has not expired; get a fresh one from the caller",
      "AADSTS500133", "The incoming token has expired: the caller must send a fresh one",
      "AADSTS50027", "The incoming token is not a valid JWT: pass the caller's access token exactly as received "
          + "(without \"Bearer \")",
      "AADSTS65001", "The user or an admin must consent to the downstream API for this middle tier: add the API "
          + "permission to the middle tier's registration and grant admin consent, or list the middle tier in the "
          + "client app's knownClientApplications");

  private final MsalApps apps;
  private final TokenCache tokens;

  OnBehalfOfFlow(MsalApps apps, TokenCache tokens) {
    this.apps = apps;
    this.tokens = tokens;
  }

  @Override
  public AccessToken acquire(TokenRequest request) {
    Profile profile = request.profile();
    ConfidentialClientApplication app = apps.confidential(profile, tokens);
    OnBehalfOfParameters params = OnBehalfOfParameters.builder(new LinkedHashSet<>(request.scopes()),
            new UserAssertion(request.assertion().token()))
        .skipCache(request.forceRefresh() || request.claims() != null)
        .claims(request.claimsRequest())
        .build();
    Authority authority = Authority.of(profile);
    IAuthenticationResult result;
    try {
      result = apps.attempts().run(() -> app.acquireToken(params), authority, profile.name());
    } catch (EntraToolException e) {
      throw withHint(e, profile);
    }
    boolean cached = result.metadata() != null && result.metadata().tokenSource() == TokenSource.CACHE;
    return new AccessToken(result.accessToken(), result.expiresOnDate().toInstant(), request.scopes(),
        cached ? AccessToken.Source.CACHE : AccessToken.Source.AUTHORITY);
  }

  private static EntraToolException withHint(EntraToolException e, Profile profile) {
    String message = String.valueOf(e.getMessage());
    for (Map.Entry<String, String> hint : HINTS.entrySet()) {
      if (e.exitCode() == ExitCode.AUTH_REJECTED && message.startsWith(hint.getKey() + ":")) {
        return new EntraToolException(e.exitCode(), message, String.format(hint.getValue(), profile.name()), e);
      }
    }
    return e;
  }
}
