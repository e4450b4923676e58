package dev.entratool.auth;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.HttpMethod;
import com.microsoft.aad.msal4j.IHttpResponse;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.PublicClientApplication;
import dev.entratool.cache.TokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Sleeper;
import dev.entratool.profile.Profile;
import dev.entratool.secret.SecretStore;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * Builds MSAL4J applications for a profile: authority, credential ({@link Credentials}), the profile's token cache,
 * and the HTTP transport ({@link JdkHttpClient}: TLS trust, proxy, time limits, the checks of every answer).
 */
public final class MsalApps {
  private final ConnectionSettings connection;
  private final Supplier<SSLSocketFactory> tls;
  private final Sleeper sleeper;
  private final Environment env;
  private final SecretStore secrets;
  private final Clock clock;
  private final Attempts attempts;
  private SSLSocketFactory sockets;

  /**
   * @param tls the sockets of the run's HTTPS calls, built for {@code connection}'s CA bundle on first use
   * @param secrets where a confidential profile's client secret or certificate password is kept
   */
  public MsalApps(ConnectionSettings connection, Supplier<SSLSocketFactory> tls, Sleeper sleeper, Environment env,
      SecretStore secrets, Clock clock) {
    this.connection = connection;
    this.env = env;
    this.secrets = secrets;
    this.clock = clock;
    this.tls = tls;
    this.sleeper = sleeper;
    this.attempts = new Attempts(connection.timeout(), sleeper);
  }

  public ConnectionSettings connection() {
    return connection;
  }

  /** The tries of one token call within the time limit. */
  Attempts attempts() {
    return attempts;
  }

  /** The profile's app as a confidential client, with its credential, keeping its tokens in {@code tokens}. */
  ConfidentialClientApplication confidential(Profile profile, TokenCache tokens) {
    ConfidentialClientApplication.Builder b = ConfidentialClientApplication
        .builder(profile.clientId(), Credentials.of(profile, secrets, clock, this))
        .sendX5c(profile.sendX5c());
    return configure(b, profile, tokens.msalCache(profile.name())).build();
  }

  /** The profile's app as a public client (no credential), keeping its tokens in {@code tokens}. */
  PublicClientApplication publicClient(Profile profile, TokenCache tokens) {
    return configure(PublicClientApplication.builder(profile.clientId()), profile, tokens.msalCache(profile.name()))
        .build();
  }

  /**
   * A managed identity app: its requests go straight to the host's endpoint, never through a proxy (IMDS answers only
   * on the machine itself), and are tried again only by {@link Attempts}.
   */
  public ManagedIdentityApplication managedIdentity(ManagedIdentityId id) {
    return ManagedIdentityApplication.builder(id)
        .httpClient(new JdkHttpClient(connection.direct(), sockets(), sleeper, false))
        .disableInternalRetries()
        .build();
  }

  private <T extends AbstractClientApplicationBase.Builder<T>> T configure(T b, Profile profile,
      ITokenCacheAccessAspect cache) {
    Authority authority = Authority.of(profile);
    try {
      b.authority(authority.url());
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw EntraToolException.profile("Authority " + authority.url() + " is not valid: " + e.getMessage(),
          "Check the profile's tenantId and authorityHost with 'entratool config show -p " + profile.name() + "'");
    }
    if (!authority.isMicrosoftHost()) {
      // MSAL would ask login.microsoftonline.com about this host, and key its cache by host without the port;
      // describing the host ourselves keeps every call on this host and makes cached tokens findable.
      b.validateAuthority(false);
      b.aadInstanceDiscoveryResponse(instanceDiscovery(authority));
    }
    b.httpClient(new JdkHttpClient(connection, sockets(), sleeper)); // one per app: it keeps a slow_down's wait
    b.disableInternalRetries(); // entratool retries itself, honouring Retry-After within --timeout
    b.setTokenCacheAccessAspect(cache);
    if (!profile.clientCapabilities().isEmpty()) {
      b.clientCapabilities(new java.util.LinkedHashSet<>(profile.clientCapabilities()));
    }
    return b;
  }

  private SSLSocketFactory sockets() {
    if (sockets == null) {
      sockets = tls.get();
    }
    return sockets;
  }

  /**
   * Sends one request to a service other than the authority (the issuer of a federated token) with the same TLS
   * trust, proxy and time limit; the answer is the caller's to judge.
   */
  IHttpResponse send(HttpMethod method, URL url, Map<String, String> headers, String body) throws IOException {
    return new JdkHttpClient(connection, sockets(), sleeper).sendPlain(method, url, headers, body);
  }

  /** The environment of this run: where CI systems and Kubernetes hand over their tokens. */
  Environment env() {
    return env;
  }

  static String instanceDiscovery(Authority authority) {
    // preferred_network replaces the host in request URLs (the port stays); preferred_cache is the cache key.
    String hostPort = authority.hostAndPort();
    String host = authority.hostName();
    return "{\"tenant_discovery_endpoint\":\"" + authority.host().getScheme() + "://" + hostPort + "/"
        + authority.tenant() + "/v2.0/.well-known/openid-configuration\",\"api-version\":\"1.1\",\"metadata\":"
        + "[{\"preferred_network\":\"" + host + "\",\"preferred_cache\":\"" + hostPort + "\",\"aliases\":[\""
        + host + "\"" + (host.equals(hostPort) ? "" : ",\"" + hostPort + "\"") + "]}]}";
  }
}
