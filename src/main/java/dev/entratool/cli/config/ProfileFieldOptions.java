package dev.entratool.cli.config;

import picocli.CommandLine.Option;

/** The profile fields as flags, shared by {@code config create} and {@code config edit}. Secrets are never flags. */
public final class ProfileFieldOptions {
  @Option(names = "--tenant", paramLabel = "TENANT",
      description = "Directory (tenant) ID GUID, a domain such as contoso.onmicrosoft.com, common or organizations")
  String tenant;

  @Option(names = "--client-id", paramLabel = "GUID", description = "Application (client) ID of the app registration")
  String clientId;

  @Option(names = "--scopes", paramLabel = "SCOPES",
      description = "Space- or comma-separated scopes, e.g. \"https://graph.microsoft.com/.default\"")
  String scopes;

  @Option(names = "--auth-method", paramLabel = "METHOD",
      description = "ClientSecret, Certificate, PasswordlessCertificate, None (public client), FederatedToken, "
          + "GitHubActions, AzurePipelines, ManagedIdentity or AzureCli")
  String authMethod;

  @Option(names = "--certificate-path", paramLabel = "FILE", description = "Certificate file (.pfx, .p12 or .pem)")
  String certificatePath;

  @Option(names = "--send-x5c", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
      description = "Send the certificate chain (x5c), for Subject Name/Issuer authentication")
  Boolean sendX5c;

  @Option(names = "--default-flow", paramLabel = "FLOW",
      description = "ClientCredentials, AuthorizationCode, DeviceCode or InteractiveBrowser")
  String defaultFlow;

  @Option(names = "--redirect-uri", paramLabel = "URI", description = "Redirect URI for browser flows, e.g. "
      + "http://localhost:8080")
  String redirectUri;

  @Option(names = "--cloud", paramLabel = "CLOUD", description = "AzurePublic (default), AzureUSGovernment or "
      + "AzureChina")
  String cloud;

  @Option(names = "--authority-host", paramLabel = "URL",
      description = "https URL replacing the cloud's sign-in host (private clouds, emulators)")
  String authorityHost;

  @Option(names = "--federated-token-file", paramLabel = "FILE", description = "FederatedToken: the file holding "
      + "the external token, read on every request (default: $AZURE_FEDERATED_TOKEN_FILE when the token is asked for)")
  String federatedTokenFile;

  @Option(names = "--service-connection-id", paramLabel = "ID", description = "AzurePipelines: the service "
      + "connection's ID (default: $AZURESUBSCRIPTION_SERVICE_CONNECTION_ID when the token is asked for)")
  String serviceConnectionId;

  @Option(names = "--mi-client-id", paramLabel = "GUID", description = "ManagedIdentity: a user-assigned "
      + "identity's client ID (or --mi-object-id, or --mi-resource-id; none: the system-assigned identity)")
  String miClientId;

  @Option(names = "--mi-object-id", paramLabel = "GUID", description = "ManagedIdentity: a user-assigned "
      + "identity's object (principal) ID")
  String miObjectId;

  @Option(names = "--mi-resource-id", paramLabel = "ID", description = "ManagedIdentity: a user-assigned "
      + "identity's resource ID, /subscriptions/.../userAssignedIdentities/NAME")
  String miResourceId;

  @Option(names = "--client-capabilities", paramLabel = "CAPS", description = "What the app can handle, sent to "
      + "Entra ID: cp1 (Continuous Access Evaluation: the app answers claims challenges); \"\" for none (default)")
  String clientCapabilities;

  @Option(names = "--secret-stdin",
      description = "Read the client secret or certificate password from the first line of standard input")
  boolean secretStdin;

  boolean anyFieldSet() {
    return tenant != null || clientId != null || scopes != null || authMethod != null || certificatePath != null
        || sendX5c != null || defaultFlow != null || redirectUri != null || cloud != null || authorityHost != null
        || federatedTokenFile != null || serviceConnectionId != null || miClientId != null || miObjectId != null
        || miResourceId != null || clientCapabilities != null;
  }
}
