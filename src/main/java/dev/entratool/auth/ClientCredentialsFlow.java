package dev.entratool.auth;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import dev.entratool.cache.TokenCache;
import dev.entratool.cache.TokenKey;
import dev.entratool.platform.SecureFiles;
import dev.entratool.profile.Profile;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Client Credentials: the app signs in as itself with a client secret, a certificate or a federated token, or the
 * host lends its identity (managed identity, the Azure CLI's sign-in), and gets a token for one resource's
 * application permissions ({@code <resource>/.default}). Run after a cache miss.
 */
final class ClientCredentialsFlow implements TokenFlow {
  private final MsalApps apps;
  private final TokenCache tokens;
  private final Clock clock;
  private final SignInUi ui;

  ClientCredentialsFlow(MsalApps apps, TokenCache tokens, Clock clock, SignInUi ui) {
    this.apps = apps;
    this.ui = ui;
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public AccessToken acquire(TokenRequest request) {
    Profile profile = request.profile();
    List<String> scopes = request.scopes(); // one <resource>/.default: TokenQuery.Resolved.forFlow checked it
    try (SecureFiles.Held fetching = tokens.singleFlight(profile.name())) {
      // a parallel run may have stored the token while this one waited
      Optional<AccessToken> cached = request.storedMeanwhile(tokens, clock, false);
      return cached.isPresent() ? cached.get() : fromAuthority(request, scopes);
    }
  }

  private AccessToken fromAuthority(TokenRequest request, List<String> scopes) {
    Profile profile = request.profile();
    if (profile.authMethod().isHostIdentity()) {
      // no MSAL app with this cache: the token is kept here, as MSAL keeps the app's own
      AccessToken token = switch (profile.authMethod()) {
        case ManagedIdentity -> ManagedIdentityCredential.acquire(profile, scopes, apps, ui);
        case AzureCli -> AzureCliCredential.acquire(profile, scopes, apps, clock);
        default -> throw new IllegalStateException(profile.authMethod() + " is no host identity");
      };
      tokens.keep(profile.name(), TokenKey.of(profile, false, scopes), token.token(), token.expiresOn());
      return token;
    }
    ConfidentialClientApplication app = apps.confidential(profile, tokens);
    ClientCredentialParameters params = ClientCredentialParameters.builder(new LinkedHashSet<>(scopes))
        .skipCache(true) // the cache was consulted above, with --min-validity
        .claims(request.claimsRequest())
        .build();
    Authority authority = Authority.of(profile);
    IAuthenticationResult result = apps.attempts().run(() -> app.acquireToken(params), authority, profile.name());
    return new AccessToken(result.accessToken(), result.expiresOnDate().toInstant(), scopes,
        AccessToken.Source.AUTHORITY);
  }
}
