package dev.entratool.auth;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.PublicClientApplication;
import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.URI;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/** Builds MSAL4J applications for a profile: authority, TLS trust, proxy, time limits, token cache. */
public final class MsalApps {
  private final ConnectionSettings connection;
  private final Tls tls;
  private SSLSocketFactory sockets;

  public MsalApps(ConnectionSettings connection, Tls tls) {
    this.connection = connection;
    this.tls = tls;
  }

  public ConnectionSettings connection() {
    return connection;
  }

  Tls tls() {
    return tls;
  }

  public ConfidentialClientApplication confidential(Profile profile, IClientCredential credential,
      ITokenCacheAccessAspect cache) {
    ConfidentialClientApplication.Builder b = ConfidentialClientApplication.builder(profile.clientId(), credential)
        .sendX5c(profile.sendX5c());
    return configure(b, profile, cache).build();
  }

  public PublicClientApplication publicClient(Profile profile, ITokenCacheAccessAspect cache) {
    return configure(PublicClientApplication.builder(profile.clientId()), profile, cache).build();
  }

  /** A public client whose HTTP goes through {@code http} (the device-code flow's slow_down-aware transport). */
  PublicClientApplication publicClient(Profile profile, ITokenCacheAccessAspect cache,
      com.microsoft.aad.msal4j.IHttpClient http) {
    PublicClientApplication.Builder b = configure(PublicClientApplication.builder(profile.clientId()), profile,
        cache);
    b.httpClient(http);
    return b.build();
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
    if (sockets == null) {
      sockets = tls.socketFactory(connection.caBundle());
      // Every HttpsURLConnection (MSAL's too) first takes the process default factory, even when it is given
      // another: building that default reads the key and trust stores again, about 40 ms of a token request. In
      // this process all HTTPS goes to the authority, with these settings.
      HttpsURLConnection.setDefaultSSLSocketFactory(sockets);
    }
    b.sslSocketFactory(sockets);
    Optional<URI> proxy = connection.proxyFor(authority.hostName());
    proxy.ifPresent(p -> b.proxy(new Proxy(Proxy.Type.HTTP,
        InetSocketAddress.createUnresolved(p.getHost(), p.getPort() > 0 ? p.getPort() : 80))));
    int millis = (int) Math.min(Integer.MAX_VALUE, connection.timeout().toMillis());
    b.connectTimeoutForDefaultHttpClient(millis);
    b.readTimeoutForDefaultHttpClient(millis);
    b.disableInternalRetries(); // entratool retries itself, honouring Retry-After within --timeout
    b.setTokenCacheAccessAspect(cache);
    return b;
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
