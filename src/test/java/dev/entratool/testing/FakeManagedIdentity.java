package dev.entratool.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A host's managed identity endpoints on 127.0.0.1, each speaking its source's documented protocol:
 * <ul>
 *   <li>IMDS ({@code /metadata/identity/oauth2/token}, also with MSAL's double slash; header {@code Metadata: true};
 *       api-version 2018-02-01; {@code client_id}, {@code object_id}, {@code msi_res_id} or {@code mi_res_id} for a
 *       user-assigned identity), plain HTTP;
 *   <li>App Service ({@code /msi/token}; header {@code X-IDENTITY-HEADER}; api-version 2019-08-01; {@code client_id},
 *       {@code object_id}/{@code principal_id} or {@code mi_res_id}), plain HTTP, same port;
 *   <li>Cloud Shell ({@code /oauth2/token}; header {@code Metadata: true}; {@code resource} in a form body as
 *       documented, or in the query as MSAL4J sends it; system-assigned only), plain HTTP, same port;
 *   <li>Azure Arc (its own port, {@code /metadata/identity/oauth2/token}, api-version 2019-11-01, {@code Metadata:
 *       true}): a request without {@code Authorization} is answered 401 with {@code WWW-Authenticate: Basic
 *       realm=<key file>}, a fresh secret written, as the agent does, to a uniquely named file under
 *       {@link #ARC_TOKENS}; the retry must carry {@code Authorization: Basic <that secret>};
 *   <li>Service Fabric (its own port, HTTPS with a certificate that names a cluster, not 127.0.0.1, from a CA
 *       no client trusts, whose SHA-1 thumbprint is {@code IDENTITY_SERVER_THUMBPRINT}; header {@code secret};
 *       api-version 2019-07-01-preview; errors as {@code {"error":{"code","message"}}}).
 * </ul>
 * Tokens are JWTs with {@code aud} = the resource and {@code oid}/{@code sub} = the identity's object ID. Files and
 * folders made for Arc are removed on {@link #close}.
 */
public final class FakeManagedIdentity implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An identity on the host. */
  public record Identity(String clientId, String objectId, String resourceId) {}

  /** Where the Arc agent writes its challenge files on Linux, the only folder MSAL4J reads them from there. */
  public static final Path ARC_TOKENS = Path.of("/var/opt/azcmagent/tokens");

  private final HttpServer server;
  private final HttpServer arc;
  private final HttpsServer fabric;
  private final TestPki pki = new TestPki();
  /** As a cluster's: it names the cluster, not the address it is reached at. */
  private final TestPki.Issued fabricCertificate = pki.client("servicefabric-cluster.example");
  private final List<Path> made = new CopyOnWriteArrayList<>();
  private final Map<String, Path> arcSecrets = new ConcurrentHashMap<>();
  private final AtomicReference<Path> arcRealm = new AtomicReference<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final ExternalIssuer issuer = ExternalIssuer.standalone("https://sts.windows.net/"
      + FakeEntra.TENANT_ID + "/");
  private final String identityHeader = UUID.randomUUID().toString();
  private volatile Identity systemAssigned;
  private final List<Identity> userAssigned = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();

  private FakeManagedIdentity() throws IOException {
    server = serve(HttpServer.create(loopback(), 0), this::handle);
    arc = serve(HttpServer.create(loopback(), 0), this::handleArc);
    fabric = HttpsServer.create(loopback(), 0);
    fabric.setHttpsConfigurator(new HttpsConfigurator(serverContext(fabricCertificate)));
    serve(fabric, this::handleServiceFabric);
  }

  private static SSLContext serverContext(TestPki.Issued issued) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", issued.key(), new char[0], new X509Certificate[] {issued.certificate()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  private static <S extends HttpServer> S serve(S s, Handler handler) {
    s.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-managed-identity");
      t.setDaemon(true);
      return t;
    }));
    s.createContext("/", ex -> {
      try (ex) {
        handler.handle(ex);
      }
    });
    return s;
  }

  private interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  public static FakeManagedIdentity start() {
    try {
      FakeManagedIdentity f = new FakeManagedIdentity();
      f.server.start();
      f.arc.start();
      f.fabric.start();
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

  /** Cloud Shell's {@code MSI_ENDPOINT}. */
  public String cloudShellEndpoint() {
    return imdsHost() + "/oauth2/token";
  }

  /** Azure Arc's {@code IMDS_ENDPOINT}. */
  public String arcImdsEndpoint() {
    return "http://127.0.0.1:" + arc.getAddress().getPort();
  }

  /** Azure Arc's {@code IDENTITY_ENDPOINT}. */
  public String arcIdentityEndpoint() {
    return arcImdsEndpoint() + "/metadata/identity/oauth2/token";
  }

  /**
   * Makes {@link #ARC_TOKENS} (and the folders above it that are missing) for the challenge files, to be removed on
   * {@link #close}. Returns why not, or null when the folder is there and writable.
   */
  public String prepareArcTokens() {
    try {
      Path missing = ARC_TOKENS;
      while (missing.getParent() != null && !Files.exists(missing.getParent())) {
        missing = missing.getParent();
      }
      if (!Files.exists(ARC_TOKENS)) {
        Files.createDirectories(ARC_TOKENS);
        for (Path p = ARC_TOKENS; p.startsWith(missing); p = p.getParent()) {
          made.add(p);
        }
      }
      return Files.isWritable(ARC_TOKENS) ? null : ARC_TOKENS + " is not writable by this user";
    } catch (IOException e) {
      return "cannot make " + ARC_TOKENS + ": " + e;
    }
  }

  /** The next Arc challenge names {@code file} instead of a key file of its own (as a rogue endpoint could). */
  public void nextArcChallengeNames(Path file) {
    arcRealm.set(file);
  }

  /** The Authorization headers Arc requests carried so far. */
  public List<String> arcAuthorizations() {
    return new ArrayList<>(authorizations);
  }

  /** Service Fabric's {@code IDENTITY_ENDPOINT} (HTTPS). */
  public String serviceFabricEndpoint() {
    return "https://127.0.0.1:" + fabric.getAddress().getPort() + "/metadata/identity/oauth2/token";
  }

  /** Service Fabric's {@code IDENTITY_SERVER_THUMBPRINT}: SHA-1 of the endpoint's certificate, in hex. */
  public String serviceFabricThumbprint() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(fabricCertificate.certificate().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public Identity systemAssigned() {
    Identity id = new Identity(UUID.randomUUID().toString(), UUID.randomUUID().toString(), null);
    systemAssigned = id;
    return id;
  }

  public Identity userAssigned(String name) {
    return userAssigned(name, UUID.randomUUID().toString());
  }

  /** A user-assigned identity with a given client ID (as a README recipe names it). */
  public Identity userAssigned(String name, String clientId) {
    Identity id = new Identity(clientId, UUID.randomUUID().toString(), "/subscriptions/"
        + UUID.randomUUID() + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + name);
    userAssigned.add(id);
    return id;
  }

  /**
   * Token requests served so far, by source ({@code imds}, {@code appservice}, {@code cloudshell}, {@code arc},
   * {@code servicefabric}), refused ones (and Arc's challenges) included.
   */
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
    arc.stop(0);
    fabric.stop(0);
    for (Path p : arcSecrets.values()) {
      deleteQuietly(p);
    }
    made.forEach(FakeManagedIdentity::deleteQuietly); // deepest first
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a folder someone else has put files in since stays
    }
  }

  private static String path(HttpExchange ex) {
    // MSAL asks IMDS for //metadata/...: as a URI that would be an authority, so the path is taken as sent
    return ex.getRequestURI().toString().split("\\?")[0].replaceAll("^/+", "/");
  }

  private Map<String, String> query(HttpExchange ex, String source) {
    counts.computeIfAbsent(source, k -> new AtomicInteger()).incrementAndGet();
    queries.add(ex.getRequestURI().getRawQuery());
    return FakeEntra.form(ex.getRequestURI().getRawQuery());
  }

  /** The answer's shape, which differs per source. */
  private enum Style { IMDS, APP_SERVICE, SERVICE_FABRIC }

  private void handle(HttpExchange ex) throws IOException {
    String path = path(ex);
    if (path.equals("/metadata/identity/oauth2/token")) {
      Map<String, String> q = query(ex, "imds");
      if (!"true".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Metadata"))) {
        error(ex, 400, "invalid_request", "Required metadata header not specified");
      } else if (!"2018-02-01".equals(q.get("api-version"))) {
        error(ex, 400, "invalid_request", "Invalid api-version");
      } else {
        token(ex, q, q.getOrDefault("msi_res_id", q.get("mi_res_id")), Style.IMDS);
      }
    } else if (path.equals("/msi/token")) {
      Map<String, String> q = query(ex, "appservice");
      if (!identityHeader.equals(ex.getRequestHeaders().getFirst("X-IDENTITY-HEADER"))) {
        appServiceError(ex, 401, "The X-IDENTITY-HEADER is missing or wrong");
      } else if (!"2019-08-01".equals(q.get("api-version"))) {
        appServiceError(ex, 400, "Invalid api-version");
      } else {
        token(ex, q, q.get("mi_res_id"), Style.APP_SERVICE);
      }
    } else if (path.equals("/oauth2/token")) {
      Map<String, String> q = query(ex, "cloudshell");
      // documented: POST with the resource in a form body; MSAL4J 1.23.1 sends a GET with it in the query
      if (ex.getRequestMethod().equals("POST")) {
        q.putAll(FakeEntra.form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      }
      if (!"true".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Metadata"))) {
        error(ex, 400, "invalid_request", "Required metadata header not specified");
      } else if (q.containsKey("client_id") || q.containsKey("object_id") || q.containsKey("mi_res_id")) {
        error(ex, 400, "invalid_request", "Cloud Shell has only the signed-in user's identity");
      } else {
        token(ex, q, null, Style.IMDS);
      }
    } else {
      error(ex, 404, "not_found", "No such endpoint");
    }
  }

  private void handleArc(HttpExchange ex) throws IOException {
    if (!path(ex).equals("/metadata/identity/oauth2/token")) {
      error(ex, 404, "not_found", "No such endpoint");
      return;
    }
    Map<String, String> q = query(ex, "arc");
    String authorization = ex.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      authorizations.add(authorization);
    }
    if (!"true".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Metadata"))) {
      error(ex, 400, "invalid_request", "Required metadata header not specified");
    } else if (!"2019-11-01".equals(q.get("api-version"))) {
      error(ex, 400, "invalid_request", "Invalid api-version");
    } else if (authorization == null) {
      challenge(ex);
    } else if (!authorization.startsWith("Basic ") || !arcSecrets.containsKey(authorization.substring(6))) {
      error(ex, 401, "unauthorized", "The secret in the Authorization header is not the one the agent wrote");
    } else {
      deleteQuietly(arcSecrets.remove(authorization.substring(6))); // one use, as the agent's are
      token(ex, q, q.get("mi_res_id"), Style.IMDS);
    }
  }

  /** Arc's 401: a fresh secret in a file only an administrator (here: the test, as root) can read. */
  private void challenge(HttpExchange ex) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path file = ARC_TOKENS.resolve("entratool-test-" + UUID.randomUUID() + ".key");
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, secret, StandardCharsets.UTF_8);
      arcSecrets.put(secret, file);
    } catch (IOException e) {
      // no folder to write in: the challenge still names a file, which MSAL will not find
    }
    Path named = arcRealm.getAndSet(null);
    ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=" + (named != null ? named : file));
    error(ex, 401, "unauthorized", "Authorization header with the secret of the challenge file is required");
  }

  private void handleServiceFabric(HttpExchange ex) throws IOException {
    if (!path(ex).equals("/metadata/identity/oauth2/token")) {
      serviceFabricError(ex, 404, "NotFound", "No such endpoint");
      return;
    }
    Map<String, String> q = query(ex, "servicefabric");
    if (!identityHeader.equals(ex.getRequestHeaders().getFirst("secret"))) {
      serviceFabricError(ex, 401, "SecretHeaderNotFound", "Secret is not found in the request headers.");
    } else if (!"2019-07-01-preview".equals(q.get("api-version"))) {
      serviceFabricError(ex, 400, "InvalidApiVersion", "The api-version is not supported.");
    } else {
      token(ex, q, q.get("mi_res_id"), Style.SERVICE_FABRIC);
    }
  }

  private void token(HttpExchange ex, Map<String, String> q, String resourceId, Style style) throws IOException {
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
      switch (style) {
        case IMDS -> error(ex, 400, "invalid_request", "Identity not found");
        case APP_SERVICE -> appServiceError(ex, 400, "Unable to load the proper Managed Identity.");
        case SERVICE_FABRIC -> serviceFabricError(ex, 400, "ManagedIdentityNotFound",
            "The managed identity is not assigned to this application.");
        default -> throw new IllegalStateException();
      }
      return;
    }
    if (resource == null || resource.isBlank()) {
      error(ex, 400, "invalid_resource", "AADSTS500011: The resource principal named was not found");
      return;
    }
    Instant now = Instant.now();
    long lifetime = Duration.ofHours(24).toSeconds();
    long expiresOn = now.getEpochSecond() + lifetime;
    ObjectNode body = JSON.createObjectNode();
    body.put("access_token", issuer.mint(id.objectId(), resource, Duration.ofSeconds(lifetime)));
    switch (style) {
      case IMDS -> body.put("client_id", id.clientId()).put("expires_in", String.valueOf(lifetime))
          .put("ext_expires_in", String.valueOf(lifetime)).put("not_before", String.valueOf(now.getEpochSecond()))
          .put("expires_on", String.valueOf(expiresOn));
      case APP_SERVICE -> body.put("client_id", id.clientId()).put("expires_on", String.valueOf(expiresOn));
      case SERVICE_FABRIC -> body.put("expires_on", expiresOn); // a number, as Service Fabric documents it
      default -> throw new IllegalStateException();
    }
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

  private static void serviceFabricError(HttpExchange ex, int status, String code, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("code", code).put("message", message).putNull("innererror");
    send(ex, status, body);
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
