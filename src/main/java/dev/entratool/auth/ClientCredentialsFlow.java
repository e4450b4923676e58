package dev.entratool.auth;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import dev.entratool.cache.EncryptedTokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.profile.AuthMethod;
import dev.entratool.profile.Profile;
import dev.entratool.profile.Scopes;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Client Credentials: the app signs in as itself with a client secret or certificate and gets a token for one
 * resource's application permissions ({@code <resource>/.default}). Answers from the cache while the token stays
 * valid long enough.
 */
final class ClientCredentialsFlow implements TokenFlow {
  private final MsalApps apps;
  private final SecretStore secrets;
  private final EncryptedTokenCache cache;
  private final Clock clock;

  ClientCredentialsFlow(MsalApps apps, SecretStore secrets, EncryptedTokenCache cache, Clock clock) {
    this.apps = apps;
    this.secrets = secrets;
    this.cache = cache;
    this.clock = clock;
  }

  @Override
  public AccessToken acquire(TokenRequest request) {
    Profile profile = request.profile();
    List<String> scopes = defaultScope(request.scopes());
    if (!request.forceRefresh()) {
      Optional<EncryptedTokenCache.CachedAccessToken> hit =
          cache.find(profile.clientId(), scopes, clock.instant().plus(request.minValidity()));
      if (hit.isPresent()) {
        return new AccessToken(hit.get().secret(), hit.get().expiresOn(), scopes, true);
      }
    }
    ConfidentialClientApplication app = apps.confidential(profile, credential(profile), cache);
    ClientCredentialParameters params = ClientCredentialParameters.builder(new LinkedHashSet<>(scopes))
        .skipCache(true) // the cache was consulted above, with --min-validity
        .build();
    Authority authority = Authority.of(profile);
    IAuthenticationResult result = Attempts.run(() -> app.acquireToken(params), apps.connection().timeout(),
        authority, profile.name());
    return new AccessToken(result.accessToken(), result.expiresOnDate().toInstant(), scopes, false);
  }

  /** Exactly one {@code <resource>/.default}, checked before any network call. */
  static List<String> defaultScope(List<String> requested) {
    List<String> resourceScopes = requested.stream().filter(s -> !Scopes.OIDC.contains(s)).toList();
    if (resourceScopes.size() != 1 || !resourceScopes.get(0).endsWith("/.default")) {
      String suggestion = resourceScopes.isEmpty() ? "https://graph.microsoft.com/.default"
          : resourceOf(resourceScopes.get(0)) + "/.default";
      throw EntraToolException.usage("Client Credentials needs exactly one scope of the form <resource>/.default, "
          + "not '" + String.join(" ", requested) + "'",
          "Use --scope \"" + suggestion + "\": an app gets the application permissions granted to it, not scopes "
              + "chosen per request");
    }
    return List.of(resourceScopes.get(0));
  }

  private static String resourceOf(String scope) {
    int slash = scope.lastIndexOf('/');
    return slash > 0 ? scope.substring(0, slash) : "https://graph.microsoft.com";
  }

  private IClientCredential credential(Profile profile) {
    AuthMethod method = profile.authMethod();
    switch (method) {
      case ClientSecret -> {
        String secret = secrets.read(profile.name(), SecretKind.CLIENT_SECRET).orElseThrow(() ->
            new EntraToolException(ExitCode.PROFILE, "Profile '" + profile.name() + "' has no client secret stored "
                + "in the " + secrets.backendName(), "Store it: entratool config edit -p " + profile.name()
                + " (choose: Client Secret)"));
        return ClientCredentialFactory.createFromSecret(secret);
      }
      case Certificate, PasswordlessCertificate -> {
        String password = null;
        if (method == AuthMethod.Certificate) {
          password = secrets.read(profile.name(), SecretKind.CERTIFICATE_PASSWORD).orElseThrow(() ->
              new EntraToolException(ExitCode.PROFILE, "Profile '" + profile.name() + "' has no certificate "
                  + "password stored in the " + secrets.backendName(), "Store it: entratool config edit -p "
                  + profile.name() + " (choose: Certificate password)"));
        }
        return ClientCertificate.load(Path.of(profile.certificatePath()), password, profile.name(), clock.instant())
            .credential();
      }
      default -> throw EntraToolException.usage("Client Credentials needs a client secret or certificate, but "
          + "profile '" + profile.name() + "' is a public client (auth method None)",
          "Use -f DeviceCode or -f InteractiveBrowser, or give the profile a credential: entratool config edit -p "
              + profile.name());
    }
  }
}
