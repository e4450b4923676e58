package dev.entratool.profile;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A saved way to get tokens. Holds no secret: client secrets and certificate passwords live in the secret store under
 * the profile's name.
 *
 * @param certificatePath a .pfx/.p12 or .pem file, for certificate auth methods; else null
 * @param sendX5c send the certificate chain (x5c) for Subject Name/Issuer authentication
 * @param defaultFlow the flow {@code get-token} runs when no {@code -f} is given
 * @param redirectUri loopback redirect for the browser flows, or null for the default
 * @param authorityHost https URL that replaces the cloud's sign-in host (private clouds, tests), or null
 * @param federatedTokenFile for FederatedToken: the file holding the external token, or null for
 *     {@code $AZURE_FEDERATED_TOKEN_FILE} at the time of the request
 * @param serviceConnectionId for AzurePipelines: the service connection's ID, or null for
 *     {@code $AZURESUBSCRIPTION_SERVICE_CONNECTION_ID} at the time of the request
 * @param miClientId for ManagedIdentity: a user-assigned identity's client ID (at most one of the three mi fields;
 *     none for the system-assigned identity)
 * @param miObjectId for ManagedIdentity: a user-assigned identity's object (principal) ID
 * @param miResourceId for ManagedIdentity: a user-assigned identity's Azure resource ID
 * @param clientCapabilities what the app declares it can do (MSAL's clientCapabilities, sent as {@code xms_cc}):
 *     {@code cp1} makes it CAE-capable, so Entra issues tokens that a resource may revoke with a claims challenge;
 *     empty by default
 */
public record Profile(
    String name,
    String tenantId,
    String clientId,
    List<String> scopes,
    AuthMethod authMethod,
    String certificatePath,
    boolean sendX5c,
    Flow defaultFlow,
    String redirectUri,
    Cloud cloud,
    String authorityHost,
    String federatedTokenFile,
    String serviceConnectionId,
    String miClientId,
    String miObjectId,
    String miResourceId,
    List<String> clientCapabilities) {

  public Profile {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    clientCapabilities = clientCapabilities == null ? List.of() : List.copyOf(clientCapabilities);
    cloud = cloud == null ? Cloud.AzurePublic : cloud;
  }

  /** Kept in profiles.json for the user guide's shape; derived from the auth method. */
  public boolean useCertificate() {
    return authMethod != null && authMethod.usesCertificate();
  }

  /** The sign-in host: the profile's own {@code authorityHost}, else its cloud's. */
  public URI signInHost() {
    return authorityHost != null ? URI.create(authorityHost) : cloud.authorityHost();
  }

  /**
   * Where the profile signs in, and so where its client secret is sent: {@code https://host[:port]/tenant}. A stored
   * secret belongs to this place; a profile moved elsewhere does not take it along unasked.
   */
  public String signInAuthority() {
    String host = signInHost().toString();
    return (host.endsWith("/") ? host.substring(0, host.length() - 1) : host) + "/" + tenantId;
  }

  /** True when both sign in at the same host and tenant (names of hosts and tenants ignore case). */
  public boolean signsInWith(Profile other) {
    return signInAuthority().equalsIgnoreCase(other.signInAuthority());
  }

  /**
   * Whose tokens this profile's are, for the token cache: the app's client ID, or for an identity the host lends,
   * which one (a managed identity by its user-assigned ID, or the system-assigned one; the Azure CLI's account).
   */
  public String tokenOwner() {
    if (authMethod == AuthMethod.ManagedIdentity) {
      return miClientId != null ? "mi-client:" + miClientId : miObjectId != null ? "mi-object:" + miObjectId
          : miResourceId != null ? "mi-resource:" + miResourceId : "mi-system";
    }
    return authMethod == AuthMethod.AzureCli ? "azure-cli" : clientId;
  }

  public Profile withName(String newName) {
    return new Profile(newName, tenantId, clientId, scopes, authMethod, certificatePath, sendX5c, defaultFlow,
        redirectUri, cloud, authorityHost, federatedTokenFile, serviceConnectionId, miClientId, miObjectId,
        miResourceId, clientCapabilities);
  }

  /**
   * This profile with each field that {@code to} changed from {@code from} set as in {@code to}, the others as they
   * are here: one edit made on a copy, applied onto the profile as another run may have changed it since.
   */
  public Profile withChanges(Profile from, Profile to) {
    Builder b = toBuilder();
    b.tenantId = changed(from.tenantId, to.tenantId, tenantId);
    b.clientId = changed(from.clientId, to.clientId, clientId);
    b.scopes = changed(from.scopes, to.scopes, scopes);
    b.authMethod = changed(from.authMethod, to.authMethod, authMethod);
    b.certificatePath = changed(from.certificatePath, to.certificatePath, certificatePath);
    b.sendX5c = changed(from.sendX5c, to.sendX5c, sendX5c);
    b.defaultFlow = changed(from.defaultFlow, to.defaultFlow, defaultFlow);
    b.redirectUri = changed(from.redirectUri, to.redirectUri, redirectUri);
    b.cloud = changed(from.cloud, to.cloud, cloud);
    b.authorityHost = changed(from.authorityHost, to.authorityHost, authorityHost);
    b.federatedTokenFile = changed(from.federatedTokenFile, to.federatedTokenFile, federatedTokenFile);
    b.serviceConnectionId = changed(from.serviceConnectionId, to.serviceConnectionId, serviceConnectionId);
    b.miClientId = changed(from.miClientId, to.miClientId, miClientId);
    b.miObjectId = changed(from.miObjectId, to.miObjectId, miObjectId);
    b.miResourceId = changed(from.miResourceId, to.miResourceId, miResourceId);
    b.clientCapabilities = changed(from.clientCapabilities, to.clientCapabilities, clientCapabilities);
    return b.build();
  }

  private static <T> T changed(T from, T to, T current) {
    return Objects.equals(from, to) ? current : to;
  }

  /** A mutable copy, for commands that change some fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.tenantId = tenantId;
    b.clientId = clientId;
    b.scopes = scopes;
    b.authMethod = authMethod;
    b.certificatePath = certificatePath;
    b.sendX5c = sendX5c;
    b.defaultFlow = defaultFlow;
    b.redirectUri = redirectUri;
    b.cloud = cloud;
    b.authorityHost = authorityHost;
    b.federatedTokenFile = federatedTokenFile;
    b.serviceConnectionId = serviceConnectionId;
    b.miClientId = miClientId;
    b.miObjectId = miObjectId;
    b.miResourceId = miResourceId;
    b.clientCapabilities = clientCapabilities;
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Field-by-field construction for prompts and flags. */
  public static final class Builder {
    public String name;
    public String tenantId;
    public String clientId;
    public List<String> scopes = List.of();
    public AuthMethod authMethod;
    public String certificatePath;
    public boolean sendX5c;
    public Flow defaultFlow;
    public String redirectUri;
    public Cloud cloud;
    public String authorityHost;
    public String federatedTokenFile;
    public String serviceConnectionId;
    public String miClientId;
    public String miObjectId;
    public String miResourceId;
    public List<String> clientCapabilities = List.of();

    public Profile build() {
      return new Profile(name, tenantId, clientId, scopes, authMethod, certificatePath, sendX5c, defaultFlow,
          redirectUri, cloud, authorityHost, federatedTokenFile, serviceConnectionId, miClientId, miObjectId,
        miResourceId, clientCapabilities);
    }
  }
}
