package dev.entratool.auth;

import com.microsoft.aad.msal4j.HttpMethod;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import dev.entratool.auth.UnusableAnswer.Kind;
import dev.entratool.platform.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;

/**
 * MSAL's HTTP transport for every flow: the JDK's HttpsURLConnection (as MSAL's own transport, which starts faster
 * than the JDK's newer HttpClient) with the run's TLS trust, proxy and time limit. Every answer passes
 * {@link Answers#check} before MSAL sees it. A device-code {@code slow_down}, which MSAL gives up on, is answered here
 * by waiting five seconds more between polls (RFC 8628) and polling again.
 *
 * <p>That each try is one request is set JVM-wide, by {@code Main}: the JDK sends no POST again by itself after a
 * dropped connection ({@code sun.net.http.retryPost=false}; a body streamed instead would lose the body of every 401
 * answer, which is how Entra says the client secret is wrong), and keeps no connection for a later request
 * ({@code http.keepAlive=false}), which the server may have closed meanwhile, failing a try before it reaches the
 * server.
 */
final class JdkHttpClient implements IHttpClient {
  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
  /** Far more than any answer of a sign-in service; a larger one is not read into memory. */
  static final int MAX_ANSWER_BYTES = 1 << 20;

  private final ConnectionSettings connection;
  private final SSLSocketFactory sockets;
  private final Sleeper sleeper;
  private final boolean oauth;
  private Duration extraWait = Duration.ZERO;

  JdkHttpClient(ConnectionSettings connection, SSLSocketFactory sockets, Sleeper sleeper) {
    this(connection, sockets, sleeper, true);
  }

  /**
   * @param oauth the answers are Entra's (all of {@link Answers#check}); else only their availability is judged (a
   *     managed identity endpoint's answers are MSAL's to read)
   */
  JdkHttpClient(ConnectionSettings connection, SSLSocketFactory sockets, Sleeper sleeper, boolean oauth) {
    this.connection = connection;
    this.sockets = sockets;
    this.sleeper = sleeper;
    this.oauth = oauth;
  }

  @Override
  public IHttpResponse send(HttpRequest request) throws Exception {
    boolean devicePoll = request.body() != null && request.body().contains("grant_type=device_code");
    while (true) {
      HttpResponse response = sendOnce(request);
      if (devicePoll && response.statusCode() == 400 && response.body() != null
          && response.body().contains("\"slow_down\"")) {
        extraWait = extraWait.plus(SLOW_DOWN_STEP);
        sleeper.sleep(extraWait);
        continue;
      }
      if (oauth) {
        Answers.check(request, response);
      } else {
        Answers.checkAvailable(response);
      }
      return response;
    }
  }

  /** One request, its answer unchecked: for services that are not the authority. */
  HttpResponse sendPlain(HttpMethod method, URL url, Map<String, String> headers, String body) throws IOException {
    try {
      return sendOnce(method, url, headers, body);
    } catch (UnusableAnswer e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private HttpResponse sendOnce(HttpRequest request) throws IOException, UnusableAnswer {
    return sendOnce(request.httpMethod(), request.url(), request.headers(), request.body());
  }

  private HttpResponse sendOnce(HttpMethod method, URL url, Map<String, String> headers, String body)
      throws IOException, UnusableAnswer {
    Optional<URI> proxy = connection.proxyFor(url.getHost());
    try {
      return exchange(method, headers, body, (HttpURLConnection) (proxy.isEmpty() ? url.openConnection()
          : url.openConnection(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.get().getHost(),
              ConnectionSettings.proxyPort(proxy.get()))))));
    } catch (IOException e) {
      if (proxy.isPresent()) {
        throw new ViaProxy(ConnectionSettings.describeProxy(proxy.get()), e);
      }
      throw e;
    }
  }

  private HttpResponse exchange(HttpMethod method, Map<String, String> headers, String body, HttpURLConnection c)
      throws IOException, UnusableAnswer {
    NameCheck names = new NameCheck();
    if (c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(sockets);
      https.setHostnameVerifier(names);
    }
    int millis = (int) Math.min(Integer.MAX_VALUE, connection.timeout().toMillis());
    c.setConnectTimeout(millis);
    c.setReadTimeout(millis);
    c.setUseCaches(false);
    c.setInstanceFollowRedirects(false); // a sign-in service does not redirect a token request: say what came
    if (headers != null) {
      for (Map.Entry<String, String> h : headers.entrySet()) {
        if (h.getValue() != null) {
          c.addRequestProperty(h.getKey(), h.getValue());
        }
      }
    }
    c.setRequestMethod(method.name());
    c.setDoOutput(method == HttpMethod.POST);
    int status;
    try {
      c.connect(); // the handshake and the host name check, before a byte of the request is sent
      if (method == HttpMethod.POST) {
        try (OutputStream out = c.getOutputStream()) {
          out.write((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
        }
      }
      status = c.getResponseCode(); // a connection the JDK makes again here is checked the same way
    } catch (IOException e) {
      if (names.refused != null) {
        SSLPeerUnverifiedException refused =
            new SSLPeerUnverifiedException("the server's certificate is not for " + names.refused);
        refused.initCause(e);
        throw refused;
      }
      throw e;
    }
    HttpResponse response = new HttpResponse().statusCode(status);
    response.addHeaders(c.getHeaderFields());
    response.body(read(status >= 400 ? c.getErrorStream() : c.getInputStream(), status));
    return response;
  }

  /**
   * Accepts no host name that the JDK's own check refused, and notes the refusal. With a verifier of its own, an
   * HttpsURLConnection checks the host name after the handshake and before the request, by the JDK's rules for
   * HTTPS (RFC 2818), instead of in the trust manager during the handshake. The trust manager's check would first
   * load every CA of the JDK's trust store, only to learn whether the chain ends at one of them for a rule on
   * wildcards over a public suffix (such as {@code *.co.uk}), which no public CA may issue anyway.
   */
  private static final class NameCheck implements HostnameVerifier {
    private String refused;

    @Override
    public boolean verify(String host, SSLSession session) {
      refused = host;
      return false;
    }
  }

  private static String read(InputStream in, int status) throws IOException, UnusableAnswer {
    if (in == null) {
      return "";
    }
    try (in) {
      byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
      if (bytes.length > MAX_ANSWER_BYTES) {
        throw new UnusableAnswer(Kind.NOT_OAUTH, status, "HTTP " + status + ", an answer of more than "
            + (MAX_ANSWER_BYTES >> 20) + " MiB", null);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
