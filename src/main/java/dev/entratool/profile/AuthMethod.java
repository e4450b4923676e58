package dev.entratool.profile;

/** How the application proves its identity to Entra ID. */
public enum AuthMethod {
  /** Confidential client with a client secret kept in the secret store. */
  ClientSecret,
  /** Confidential client with a certificate file whose password is kept in the secret store. */
  Certificate,
  /** Confidential client with a certificate file that has no password. */
  PasswordlessCertificate,
  /** Public client: no credential (device code, interactive browser). */
  None,
  /**
   * Workload identity federation: a token from another issuer (Kubernetes, any OIDC issuer trusted by the app's
   * federated credential), read from a file on every request.
   */
  FederatedToken,
  /** Workload identity federation with the ID token a GitHub Actions job asks GitHub for. */
  GitHubActions,
  /** Workload identity federation with the OIDC token of an Azure Pipelines service connection. */
  AzurePipelines,
  /** The managed identity of the Azure host (VM, App Service, Functions, Container Apps, Arc): no app of its own. */
  ManagedIdentity,
  /** The account signed in to the Azure CLI ({@code az login}): entratool asks {@code az} for the token. */
  AzureCli;

  public boolean usesCertificate() {
    return this == Certificate || this == PasswordlessCertificate;
  }

  /** True when the app proves itself with a token from another issuer (workload identity federation). */
  public boolean isFederated() {
    return this == FederatedToken || this == GitHubActions || this == AzurePipelines;
  }

  public boolean isConfidential() {
    return this != None && !isHostIdentity();
  }

  /**
   * True for identities the host lends (managed identity, the Azure CLI's sign-in): no app registration of the
   * profile's own, so no client ID, and only the app-token (Client Credentials) way of asking.
   */
  public boolean isHostIdentity() {
    return this == ManagedIdentity || this == AzureCli;
  }

  public static AuthMethod parse(String text) {
    return Names.parse(AuthMethod.class, text, "auth method");
  }

  public static String choices() {
    return Names.list(AuthMethod.class);
  }
}
