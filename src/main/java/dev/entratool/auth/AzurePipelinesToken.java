package dev.entratool.auth;

import com.microsoft.aad.msal4j.HttpMethod;
import dev.entratool.error.EntraToolException;
import dev.entratool.platform.Environment;
import dev.entratool.profile.Profile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * AzurePipelines: the OIDC token of a service connection that uses workload identity federation, asked of Azure
 * DevOps on every token request with the job's access token.
 */
final class AzurePipelinesToken {
  static final String URL_VARIABLE = "SYSTEM_OIDCREQUESTURI";
  static final String TOKEN_VARIABLE = "SYSTEM_ACCESSTOKEN";
  static final String CONNECTION_VARIABLE = "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID";

  private AzurePipelinesToken() {}

  static IssuerTokens of(Profile profile, MsalApps apps) {
    Environment env = apps.env();
    String url = env.get(URL_VARIABLE).orElse(null);
    String bearer = env.get(TOKEN_VARIABLE).orElse(null);
    String connection = profile.serviceConnectionId() != null ? profile.serviceConnectionId()
        : env.get(CONNECTION_VARIABLE).orElse(null);
    String unset = IssuerTokens.unset(URL_VARIABLE, url, TOKEN_VARIABLE, bearer);
    if (unset != null) {
      throw EntraToolException.profile("Profile '" + profile.name() + "' signs in with an Azure Pipelines service "
          + "connection, but " + unset,
          "Run it in an Azure Pipelines job, and hand the step the job's token: env: SYSTEM_ACCESSTOKEN: "
              + "$(System.AccessToken)");
    }
    if (connection == null) {
      throw EntraToolException.profile("Profile '" + profile.name() + "' names no service connection, and "
          + CONNECTION_VARIABLE + " is not set", "Name it: entratool config edit -p " + profile.name()
          + " --service-connection-id ID (the ID of the service connection with workload identity federation)");
    }
    String request = IssuerTokens.withQuery(url, "api-version=7.1&serviceConnectionId="
        + URLEncoder.encode(connection, StandardCharsets.UTF_8));
    return new IssuerTokens(apps, HttpMethod.POST, request, Map.of("Authorization", "Bearer " + bearer,
        "Content-Type", "application/json", "Accept", "application/json"), "oidcToken",
        "Azure DevOps' OIDC service", "Check that the pipeline may use service connection " + connection
            + " and that the step gets the job's token (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))");
  }
}
