package dev.entratool.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A protected API standing in for one under Conditional Access with an authentication context (or Continuous Access
 * Evaluation): HTTPS on 127.0.0.1, {@code GET /} with a bearer token from {@link FakeEntra}. A token without the
 * required {@code acrs} value gets {@code 401} and a claims challenge in {@code WWW-Authenticate}, as Entra-protected
 * APIs send it; a token carrying it gets {@code 200}.
 */
public final class FakeResource implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeEntra entra;
  private final String audience;
  private final String acr;
  private final HttpsServer server;
  private final AtomicInteger challenges = new AtomicInteger();

  /** @param audience the {@code aud} the API accepts; @param acr the authentication context class it requires */
  public FakeResource(TestPki pki, FakeEntra entra, String audience, String acr) throws IOException {
    this.entra = entra;
    this.audience = audience;
    this.acr = acr;
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()));
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** The claims value of the challenge: base64 of the claims request for the required context. */
  public String claims() {
    String json = "{\"access_token\":{\"acrs\":{\"essential\":true,\"value\":\"" + acr + "\"}}}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** How many 401 challenges it has sent. */
  public int challenges() {
    return challenges.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : "";
      if (!entra.issued(token)) {
        send(ex, 401, "Bearer realm=\"\", error=\"invalid_token\"", "{\"error\":\"invalid_token\"}");
        return;
      }
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
      if (!audience.equals(claims.path("aud").asText())) {
        send(ex, 401, "Bearer realm=\"\", error=\"invalid_token\"", "{\"error\":\"invalid_audience\"}");
        return;
      }
      boolean satisfied = false;
      for (JsonNode c : claims.path("acrs")) {
        satisfied |= acr.equals(c.asText());
      }
      if (!satisfied) {
        challenges.incrementAndGet();
        send(ex, 401, "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/"
            + "authorize\", error=\"insufficient_claims\", claims=\"" + claims() + "\"",
            "{\"error\":\"insufficient_claims\"}");
        return;
      }
      send(ex, 200, null, "{\"value\":\"protected data\"}");
    }
  }

  private static void send(HttpExchange ex, int status, String challenge, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (challenge != null) {
      ex.getResponseHeaders().set("WWW-Authenticate", challenge);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
