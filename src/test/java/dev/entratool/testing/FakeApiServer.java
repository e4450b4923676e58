package dev.entratool.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes API server stand-in on 127.0.0.1 over HTTPS (the test CA's server certificate): {@code GET /api}
 * answers the API versions when the request's {@code Authorization: Bearer} token is one {@link FakeEntra} issued,
 * else 401 with a Status, as an AKS API server does for a token it does not accept.
 */
public final class FakeApiServer implements AutoCloseable {
  private final HttpsServer server;
  private final FakeEntra entra;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  public FakeApiServer(TestPki pki, FakeEntra entra) throws IOException {
    this.entra = entra;
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()));
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "fake-api-server");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** For a kubeconfig cluster's {@code server}. */
  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests answered with a token the emulator issued. */
  public int accepted() {
    return accepted.get();
  }

  /** Requests refused: no bearer token, or one the emulator did not issue. */
  public int refused() {
    return refused.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      boolean ok = auth != null && auth.startsWith("Bearer ") && entra.issued(auth.substring("Bearer ".length()));
      if (!ok) {
        refused.incrementAndGet();
        send(ex, 401, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
        return;
      }
      accepted.incrementAndGet();
      if (!ex.getRequestURI().getPath().equals("/api")) {
        send(ex, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\",\"code\":404}");
        return;
      }
      send(ex, 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[{\"clientCIDR\":"
          + "\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:" + server.getAddress().getPort() + "\"}]}");
    }
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
