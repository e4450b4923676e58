package dev.entratool.profile;

import java.util.List;

/**
 * A saved way to get tokens. Holds no secret: client secrets and certificate passwords live in the secret store under
 * the profile's name.
 *
 * @param certificatePath a .pfx/.p12 or .pem file, for certificate auth methods; else null
 * @param sendX5c send the certificate chain (x5c) for Subject Name/Issuer authentication
 * @param defaultFlow the flow {@code get-token} runs when no {@code -f} is given
 * @param redirectUri loopback redirect for the browser flows, or null for the default
 * @param authorityHost https URL that replaces the cloud's sign-in host (private clouds, tests), or null
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
    String authorityHost) {

  public Profile {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    cloud = cloud == null ? Cloud.AzurePublic : cloud;
  }

  /** Kept in profiles.json for the user guide's shape; derived from the auth method. */
  public boolean useCertificate() {
    return authMethod != null && authMethod.usesCertificate();
  }

  public Profile withName(String newName) {
    return new Profile(newName, tenantId, clientId, scopes, authMethod, certificatePath, sendX5c, defaultFlow,
        redirectUri, cloud, authorityHost);
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

    public Profile build() {
      return new Profile(name, tenantId, clientId, scopes, authMethod, certificatePath, sendX5c, defaultFlow,
          redirectUri, cloud, authorityHost);
    }
  }
}
