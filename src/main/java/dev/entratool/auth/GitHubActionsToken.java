package dev.entratool.auth;

import com.microsoft.aad.msal4j.HttpMethod;
import dev.entratool.error.EntraToolException;
import dev.entratool.platform.Environment;
import dev.entratool.profile.Profile;
import java.util.Map;

/**
 * GitHubActions: the job's OIDC ID token, asked of GitHub for the audience Entra expects, on every token request (it
 * lives a few minutes). GitHub gives a job the two variables only when its workflow grants {@code id-token: write}.
 */
final class GitHubActionsToken {
  static final String URL_VARIABLE = "ACTIONS_ID_TOKEN_REQUEST_URL";
  static final String TOKEN_VARIABLE = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
  /** The audience of Entra's federated credentials. */
  static final String AUDIENCE = "api://AzureADTokenExchange";

  private GitHubActionsToken() {}

  static IssuerTokens of(Profile profile, MsalApps apps) {
    Environment env = apps.env();
    String url = env.get(URL_VARIABLE).orElse(null);
    String bearer = env.get(TOKEN_VARIABLE).orElse(null);
    String unset = IssuerTokens.unset(URL_VARIABLE, url, TOKEN_VARIABLE, bearer);
    if (unset != null) {
      throw EntraToolException.profile("Profile '" + profile.name() + "' signs in with GitHub Actions' OIDC "
          + "token, but " + unset,
          "Run it in a GitHub Actions job whose workflow (or job) has 'permissions: id-token: write'; GitHub sets "
              + "these variables only then");
    }
    String request = IssuerTokens.withQuery(url, "audience=" + AUDIENCE);
    return new IssuerTokens(apps, HttpMethod.GET, request, Map.of("Authorization", "bearer " + bearer,
        "Accept", "application/json"), "value", "GitHub's ID-token service",
        "The job's request token is only valid while the job runs; check 'permissions: id-token: write'");
  }
}
