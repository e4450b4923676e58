package dev.entratool.auth;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;
import com.microsoft.aad.msal4j.MsalServiceException;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.Environment;
import dev.entratool.profile.Profile;
import dev.entratool.profile.Scopes;
import dev.entratool.profile.TransientProfiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ManagedIdentity: a token from the host's managed identity through MSAL4J's {@link ManagedIdentityApplication}. The
 * source is the one MSAL picks from the environment, in MSAL's order (App Service, Functions and Container Apps
 * through IDENTITY_ENDPOINT + IDENTITY_HEADER, Service Fabric with IDENTITY_SERVER_THUMBPRINT, Cloud Shell through
 * MSI_ENDPOINT, Arc through IDENTITY_ENDPOINT + IMDS_ENDPOINT, else IMDS, which AZURE_POD_IDENTITY_AUTHORITY_HOST
 * moves). Before asking IMDS, whose address exists on every machine but answers only on Azure, a short connection
 * attempt tells a machine without one at once instead of after MSAL's long waits.
 */
final class ManagedIdentityCredential {
  /** How long IMDS may take to accept a connection before the machine is taken to have none. */
  static final Duration IMDS_PROBE = Duration.ofSeconds(2);
  static final URI IMDS = URI.create("http://169.254.169.254");

  /** A source MSAL can use, and the endpoint it will call (for messages). */
  record Source(String name, URI endpoint) {
    /** Cloud Shell (the signed-in user's identity) and Arc (the machine's) have no user-assigned identities. */
    boolean hasUserAssigned() {
      return !name.equals(CLOUD_SHELL) && !name.equals(ARC);
    }
  }

  static final String CLOUD_SHELL = "Cloud Shell";
  static final String ARC = "Azure Arc";
  static final String SERVICE_FABRIC = "Service Fabric";

  private ManagedIdentityCredential() {}

  static AccessToken acquire(Profile profile, List<String> scopes, MsalApps apps, SignInUi ui) {
    Source source = source(apps.env());
    ui.detail("Managed identity source: " + source.name() + " (" + source.endpoint() + ")");
    ManagedIdentityId id = id(profile);
    if (!source.hasUserAssigned() && id.getUserAssignedId() != null) {
      boolean unsaved = TransientProfiles.isUnsaved(profile);
      throw EntraToolException.profile(source.name() + " has only a system-assigned managed identity, but "
          + (unsaved ? "--mi-client-id" : "the profile '" + profile.name() + "'") + " names a user-assigned one",
          unsaved ? "Leave out --mi-client-id" : "Remove the user-assigned ID from the profile (entratool config "
              + "edit -p " + profile.name() + "), or use a profile without one");
    }
    Authority endpoint = new Authority(source.endpoint(), null);
    if (source.name().equals("IMDS")) {
      probe(endpoint);
    }
    ManagedIdentityApplication app = apps.managedIdentity(id);
    // the resource of <resource>/.default, as IMDS and the other sources take it
    ManagedIdentityParameters params = ManagedIdentityParameters.builder(Scopes.resourceOf(scopes.get(0)))
        .forceRefresh(true) // entratool's cache was consulted, with --min-validity; MSAL's own is per process
        .build();
    IAuthenticationResult result;
    try {
      result = apps.attempts().run(() -> {
        try {
          return app.acquireTokenForManagedIdentity(params);
        } catch (Exception e) {
          return CompletableFuture.failedFuture(e);
        }
      }, endpoint, profile.name());
    } catch (EntraToolException e) {
      throw refused(e, source, profile).or(() -> untrusted(e, source)).orElse(e);
    }
    return new AccessToken(result.accessToken(), result.expiresOnDate().toInstant(), scopes,
        AccessToken.Source.AUTHORITY);
  }

  private static ManagedIdentityId id(Profile profile) {
    if (profile.miClientId() != null) {
      return ManagedIdentityId.userAssignedClientId(profile.miClientId());
    }
    if (profile.miObjectId() != null) {
      return ManagedIdentityId.userAssignedObjectId(profile.miObjectId());
    }
    if (profile.miResourceId() != null) {
      return ManagedIdentityId.userAssignedResourceId(profile.miResourceId());
    }
    return ManagedIdentityId.systemAssigned();
  }

  /** The source MSAL4J 1.23.1 chooses (ManagedIdentityClient.getManagedIdentitySource), from the same variables. */
  static Source source(Environment env) {
    Optional<String> identity = env.get("IDENTITY_ENDPOINT");
    if (identity.isPresent() && env.get("IDENTITY_HEADER").isPresent()) {
      return new Source(env.get("IDENTITY_SERVER_THUMBPRINT").isPresent() ? SERVICE_FABRIC : "App Service",
          uri(identity.get()));
    }
    if (env.get("MSI_ENDPOINT").isPresent()) {
      return new Source(CLOUD_SHELL, uri(env.get("MSI_ENDPOINT").get()));
    }
    if (identity.isPresent() && env.get("IMDS_ENDPOINT").isPresent()) {
      return new Source(ARC, uri(identity.get()));
    }
    return new Source("IMDS", env.get("AZURE_POD_IDENTITY_AUTHORITY_HOST").map(ManagedIdentityCredential::uri)
        .orElse(IMDS));
  }

  private static URI uri(String text) {
    try {
      URI uri = URI.create(text.strip());
      if (uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // said below
    }
    throw EntraToolException.profile("The managed identity endpoint in the environment is not a URL",
        "Check the variables the platform sets (IDENTITY_ENDPOINT, MSI_ENDPOINT, AZURE_POD_IDENTITY_AUTHORITY_HOST)");
  }

  /** Exit 5 at once, not after minutes of MSAL's tries, where IMDS does not accept a connection. */
  private static void probe(Authority imds) {
    URI uri = imds.host();
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), port), (int) IMDS_PROBE.toMillis());
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.NETWORK, "No managed identity endpoint on this machine (IMDS at "
          + uri.getHost() + ":" + port + " did not accept a connection within " + Attempts.describe(IMDS_PROBE)
          + ")", "Run this on an Azure VM, scale set or AKS node with a managed identity (App Service, Functions and "
          + "Container Apps set IDENTITY_ENDPOINT); on a workstation use another auth method, e.g. AzureCli", e);
    }
  }

  /** The endpoint's refusal (no identity assigned, an unknown user-assigned ID) in its own words. */
  private static Optional<EntraToolException> refused(EntraToolException e, Source source, Profile profile) {
    Throwable cause = e.getCause();
    while (cause != null && !(cause instanceof MsalServiceException)) {
      cause = cause.getCause();
    }
    if (cause == null) {
      return Optional.empty();
    }
    String said = String.valueOf(cause.getMessage()).replace("[Managed Identity] ", "");
    int correlation = said.indexOf(" Managed Identity Correlation ID");
    said = (correlation > 0 ? said.substring(0, correlation) : said).strip();
    if (source.name().equals(ARC) && ARC_KEY_FILE.equals(((MsalServiceException) cause).errorCode())) {
      return Optional.of(new EntraToolException(ExitCode.AUTH_REJECTED, "The Azure Arc agent's challenge could "
          + "not be answered: " + said, "Run entratool as root or as a member of the himds group (the agent "
          + "writes its one-use key files to /var/opt/azcmagent/tokens, readable only by them)", cause));
    }
    return Optional.of(new EntraToolException(ExitCode.AUTH_REJECTED, "The managed identity endpoint ("
        + source.name() + ") refused the request: " + said, "Check that the identity is assigned to this resource "
        + (TransientProfiles.isUnsaved(profile) ? "(a user-assigned one by --mi-client-id)"
            : "(a user-assigned one by the ID in the profile: entratool config show -p " + profile.name() + ")")
        + " and may get tokens for the scope's resource", cause));
  }

  /** MSAL4J's error code when it will not read (or cannot find) the key file Arc's challenge names. */
  private static final String ARC_KEY_FILE = "managed_identity_file_read_error";

  /**
   * MSAL4J 1.23.1 talks to Service Fabric through an HTTP client of its own on the JVM's default HTTPS sockets;
   * entratool makes those trust the certificate IDENTITY_SERVER_THUMBPRINT names (cli/AppContext#httpsSockets), so a
   * handshake that fails means the thumbprint is not the endpoint's.
   */
  private static Optional<EntraToolException> untrusted(EntraToolException e, Source source) {
    if (!source.name().equals(SERVICE_FABRIC) || e.exitCode() != ExitCode.NETWORK
        || !String.valueOf(e.getMessage()).startsWith("TLS handshake")) {
      return Optional.empty();
    }
    return Optional.of(new EntraToolException(ExitCode.NETWORK, e.getMessage(), "Check IDENTITY_SERVER_THUMBPRINT: "
        + "it must be the SHA-1 thumbprint of the certificate the Service Fabric endpoint presents", e));
  }
}
