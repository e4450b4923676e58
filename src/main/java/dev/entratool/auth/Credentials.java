package dev.entratool.auth;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCredential;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.profile.AuthMethod;
import dev.entratool.profile.Profile;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A confidential profile's credential: its client secret or certificate, with its secrets from the store, or for
 * workload identity federation a client assertion from another issuer, fetched anew for every token request.
 */
final class Credentials {
  private Credentials() {}

  static IClientCredential of(Profile profile, SecretStore secrets, Clock clock, MsalApps apps) {
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
      case FederatedToken -> {
        return ClientCredentialFactory.createFromCallback(FederatedTokenFile.of(profile, apps.env()));
      }
      case GitHubActions -> {
        return ClientCredentialFactory.createFromCallback(GitHubActionsToken.of(profile, apps));
      }
      case AzurePipelines -> {
        return ClientCredentialFactory.createFromCallback(AzurePipelinesToken.of(profile, apps));
      }
      default -> throw EntraToolException.usage("This flow needs a client secret or certificate, but "
          + "profile '" + profile.name() + "' is a public client (auth method None)",
          "Use -f DeviceCode or -f InteractiveBrowser, or give the profile a credential: entratool config edit -p "
              + profile.name());
    }
  }
}
