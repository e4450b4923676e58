package dev.entratool.auth;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * MSAL's HTTP transport for the device-code flow, on the JDK client: MSAL polls only through
 * {@code authorization_pending} and gives up on {@code slow_down}, so this transport answers a {@code slow_down}
 * itself by waiting five seconds more between polls (RFC 8628) and polling again.
 */
final class JdkHttpClient implements IHttpClient {
  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

  private final HttpClient http;
  private final Duration timeout;
  private Duration extraWait = Duration.ZERO;

  JdkHttpClient(ConnectionSettings connection, Tls tls) {
    this.timeout = connection.timeout();
    this.http = HttpClient.newBuilder()
        .sslContext(tls.sslContext(connection.caBundle()))
        .connectTimeout(connection.timeout())
        .proxy(new ProxySelector() {
          @Override
          public List<Proxy> select(URI uri) {
            return connection.proxyFor(uri.getHost())
                .map(p -> List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(),
                    p.getPort() > 0 ? p.getPort() : 80))))
                .orElse(List.of(Proxy.NO_PROXY));
          }

          @Override
          public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            // nothing to remember
          }
        })
        .build();
  }

  @Override
  public IHttpResponse send(HttpRequest request) throws Exception {
    boolean devicePoll = request.body() != null && request.body().contains("grant_type=device_code");
    while (true) {
      HttpResponse response = sendOnce(request);
      if (devicePoll && response.statusCode() == 400 && response.body() != null
          && response.body().contains("\"slow_down\"")) {
        extraWait = extraWait.plus(SLOW_DOWN_STEP);
        Thread.sleep(extraWait.toMillis());
        continue;
      }
      return response;
    }
  }

  private HttpResponse sendOnce(HttpRequest request) throws IOException, InterruptedException {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url().toString()))
        .timeout(timeout);
    if (request.headers() != null) {
      for (Map.Entry<String, String> h : request.headers().entrySet()) {
        if (!restricted(h.getKey())) {
          b.header(h.getKey(), h.getValue());
        }
      }
    }
    String method = request.httpMethod().name();
    if (method.equals("POST")) {
      b.POST(java.net.http.HttpRequest.BodyPublishers.ofString(request.body() == null ? "" : request.body()));
    } else {
      b.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
    }
    java.net.http.HttpResponse<String> r = http.send(b.build(), BodyHandlers.ofString());
    HttpResponse out = new HttpResponse().statusCode(r.statusCode()).body(r.body());
    out.addHeaders(r.headers().map());
    return out;
  }

  private static boolean restricted(String header) {
    String h = header.toLowerCase(java.util.Locale.ROOT);
    return h.equals("host") || h.equals("content-length") || h.equals("connection") || h.equals("expect")
        || h.equals("upgrade");
  }
}
