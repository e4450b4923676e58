package dev.entratool.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host's managed identity endpoint, plain HTTP on 127.0.0.1 as the real ones are local: IMDS
 * ({@code /metadata/identity/oauth2/token}, also with MSAL's double slash; header {@code Metadata: true};
 * api-version 2018-02-01; {@code client_id}, {@code object_id}, {@code msi_res_id} or {@code mi_res_id} for a
 * user-assigned identity) and App Service ({@code /msi/token}; header {@code X-IDENTITY-HEADER}; api-version
 * 2019-08-01; {@code client_id}, {@code object_id}/{@code principal_id} or {@code mi_res_id}). Tokens are JWTs with
 * {@code aud} = the resource and {@code oid}/{@code sub} = the identity's object ID.
 */
public final class FakeManagedIdentity implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An identity on the host. */
  public record Identity(String clientId, String objectId, String resourceId) {}

  private final HttpServer server;
  private final ExternalIssuer issuer = ExternalIssuer.standalone("https://sts.windows.net/"
      + FakeEntra.TENANT_ID + "/");
  private final String identityHeader = UUID.randomUUID().toString();
  private volatile Identity systemAssigned;
  private final List<Identity> userAssigned = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();

  private FakeManagedIdentity() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-managed-identity");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
  }

  public static FakeManagedIdentity start() {
    try {
      FakeManagedIdentity f = new FakeManagedIdentity();
      f.server.start();
      return f;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code AZURE_POD_IDENTITY_AUTHORITY_HOST}: where IMDS is. */
  public String imdsHost() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** App Service's {@code IDENTITY_ENDPOINT}. */
  public String appServiceEndpoint() {
    return imdsHost() + "/msi/token";
  }

  /** App Service's {@code IDENTITY_HEADER}. */
  public String identityHeader() {
    return identityHeader;
  }

  public Identity systemAssigned() {
    Identity id = new Identity(UUID.randomUUID().toString(), UUID.randomUUID().toString(), null);
    systemAssigned = id;
    return id;
  }

  public Identity userAssigned(String name) {
    Identity id = new Identity(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "/subscriptions/"
        + UUID.randomUUID() + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + name);
    userAssigned.add(id);
    return id;
  }

  /** Token requests served so far, by source ({@code imds}, {@code appservice}), refused ones included. */
  public int count(String source) {
    AtomicInteger c = counts.get(source);
    return c == null ? 0 : c.get();
  }

  /** The query strings of the requests so far, in order. */
  public List<String> queries() {
    return new ArrayList<>(queries);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      // MSAL asks IMDS for //metadata/...: as a URI that would be an authority, so the path is taken as sent
      String path = ex.getRequestURI().toString().split("\\?")[0].replaceAll("^/+", "/");
      Map<String, String> q = FakeEntra.form(ex.getRequestURI().getRawQuery());
      queries.add(ex.getRequestURI().getRawQuery());
      if (path.equals("/metadata/identity/oauth2/token")) {
        counts.computeIfAbsent("imds", k -> new AtomicInteger()).incrementAndGet();
        if (!"true".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Metadata"))) {
          error(ex, 400, "invalid_request", "Required metadata header not specified");
        } else if (!"2018-02-01".equals(q.get("api-version"))) {
          error(ex, 400, "invalid_request", "Invalid api-version");
        } else {
          token(ex, q, q.getOrDefault("msi_res_id", q.get("mi_res_id")), true);
        }
      } else if (path.equals("/msi/token")) {
        counts.computeIfAbsent("appservice", k -> new AtomicInteger()).incrementAndGet();
        if (!identityHeader.equals(ex.getRequestHeaders().getFirst("X-IDENTITY-HEADER"))) {
          appServiceError(ex, 401, "The X-IDENTITY-HEADER is missing or wrong");
        } else if (!"2019-08-01".equals(q.get("api-version"))) {
          appServiceError(ex, 400, "Invalid api-version");
        } else {
          token(ex, q, q.get("mi_res_id"), false);
        }
      } else {
        error(ex, 404, "not_found", "No such endpoint");
      }
    }
  }

  private void token(HttpExchange ex, Map<String, String> q, String resourceId, boolean imds) throws IOException {
    String clientId = q.get("client_id");
    String objectId = q.getOrDefault("object_id", q.get("principal_id"));
    Identity id;
    if (clientId == null && objectId == null && resourceId == null) {
      id = systemAssigned;
    } else {
      id = userAssigned.stream().filter(i -> i.clientId().equals(clientId) || i.objectId().equals(objectId)
          || i.resourceId().equalsIgnoreCase(String.valueOf(resourceId))).findFirst().orElse(null);
    }
    String resource = q.get("resource");
    if (id == null) {
      if (imds) {
        error(ex, 400, "invalid_request", "Identity not found");
      } else {
        appServiceError(ex, 400, "Unable to load the proper Managed Identity.");
      }
      return;
    }
    if (resource == null || resource.isBlank()) {
      error(ex, 400, "invalid_resource", "AADSTS500011: The resource principal named was not found");
      return;
    }
    Instant now = Instant.now();
    long lifetime = Duration.ofHours(24).toSeconds();
    ObjectNode body = JSON.createObjectNode();
    body.put("access_token", issuer.mint(id.objectId(), resource, Duration.ofSeconds(lifetime)));
    body.put("client_id", id.clientId());
    if (imds) {
      body.put("expires_in", String.valueOf(lifetime));
      body.put("ext_expires_in", String.valueOf(lifetime));
      body.put("not_before", String.valueOf(now.getEpochSecond()));
    }
    body.put("expires_on", String.valueOf(now.getEpochSecond() + lifetime));
    body.put("resource", resource);
    body.put("token_type", "Bearer");
    send(ex, 200, body);
  }

  private static void error(HttpExchange ex, int status, String error, String description) throws IOException {
    send(ex, status, JSON.createObjectNode().put("error", error).put("error_description", description));
  }

  private static void appServiceError(HttpExchange ex, int status, String message) throws IOException {
    send(ex, status, JSON.createObjectNode().put("statusCode", status).put("message", message)
        .put("correlationId", UUID.randomUUID().toString()));
  }

  private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
