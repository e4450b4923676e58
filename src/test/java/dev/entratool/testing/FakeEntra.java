package dev.entratool.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTPS emulator of the Microsoft Entra ID v2.0 endpoints, on 127.0.0.1, for tests. It follows the documented
 * wire format: {@code /{tenant}/oauth2/v2.0/token} (form-encoded POST), {@code /{tenant}/v2.0/.well-known/
 * openid-configuration}, {@code /{tenant}/discovery/v2.0/keys}, {@code /common/discovery/instance}; errors are
 * JSON with {@code error}, {@code error_description} starting "AADSTSnnnn:", {@code error_codes}, {@code trace_id},
 * {@code correlation_id}, {@code timestamp}. Access tokens are RS256 JWTs (v1.0 shape, as Graph and ARM receive).
 *
 * <p>Client credentials: client secret (form or HTTP Basic) or a client assertion (RS256 JWT, checked against the
 * registered certificate by {@code x5t#S256} in any base64 flavour or {@code x5t}, with aud = token endpoint, iss = sub
 * = client ID, exp/nbf). MSAL4J's extra {@code openid profile offline_access} scopes are accepted and ignored.
 *
 * <p>Tests can queue faults for the next token requests ({@link #failNext}): an Entra-shaped error status (500, 503,
 * 429), any answer at all (an HTML 502, an empty 503, a bare JSON error), a Retry-After header (even a nonsensical
 * one), a delay, a dropped connection, or a token answer edited (without its token, with an absurd lifetime); and
 * read request counts and the last token request's form.
 */
public final class FakeEntra implements AutoCloseable {
  public static final String TENANT_ID = "8eaef023-2b34-4da1-9baa-8bc8c9d6a490";
  public static final String TENANT_DOMAIN = "contoso.onmicrosoft.com";
  /** A second tenant, where a multi-tenant app ({@link App#consentedIn}) also has a service principal. */
  public static final String OTHER_TENANT_ID = "3f1c6a0e-7d52-4c8b-9e11-0a2b4c6d8e0f";
  public static final String OTHER_TENANT_DOMAIN = "woodgrove.onmicrosoft.com";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access", "email");
  private static final Pattern TENANT_PATH = Pattern.compile("^/([^/]+)/(.*)$");

  private final HttpsServer server;
  private final KeyPair signingKeys;
  private final String kid = "test-key-" + UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, String> tenants = new ConcurrentHashMap<>(); // id or domain (lower case) -> tenant GUID
  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
  /** The {@link Fault#token} edit for the token request this thread serves (an exchange's attributes are shared). */
  private final ThreadLocal<Consumer<ObjectNode>> tokenEdit = new ThreadLocal<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private volatile Map<String, String> lastTokenRequest = Map.of();
  private final Map<String, DeviceAuthorization> deviceCodes = new ConcurrentHashMap<>();
  private final Map<String, Grant> authorizationCodes = new ConcurrentHashMap<>();
  private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
  /** Every access token issued, for a resource server stand-in to accept (see {@link #issued}). */
  private final ConcurrentLinkedDeque<String> deviceOutcomes = new ConcurrentLinkedDeque<>();
  private volatile int deviceInterval = 1;
  private volatile String authorizeError;
  private volatile String authorizeErrorDescription;
  private volatile String verificationUri = "https://microsoft.com/devicelogin";
  private final String userObjectId = UUID.randomUUID().toString();
  /** A user of the test tenant: who a user flow's tokens are for. */
  private record User(String name, String displayName, String objectId) {}
  private final User ada = new User(USER_NAME, "Ada Lovelace", userObjectId);
  /** Who signs in at the next device code or authorization code sign-ins, in order (then Ada). */
  private final ConcurrentLinkedDeque<User> nextSignIns = new ConcurrentLinkedDeque<>();
  /** Who each refresh token issued stands for (Ada's are not listed). */
  private final Map<String, User> refreshTokenUsers = new ConcurrentHashMap<>();
  private final Map<String, ExternalIssuer> issuers = new ConcurrentHashMap<>();
  private final Map<String, GitHubJob> gitHubJobs = new ConcurrentHashMap<>();
  private final Map<String, PipelinesJob> pipelinesJobs = new ConcurrentHashMap<>();

  /** The signed-in test user. */
  public static final String USER_NAME = "ada@" + TENANT_DOMAIN;

  /** What a device code, authorization code or refresh token stands for. */
  private record Grant(App app, String tid, List<String> scopes, String redirectUri, String codeChallenge,
      String nonce, String claims) {
    Grant(App app, String tid, List<String> scopes, String redirectUri, String codeChallenge, String nonce) {
      this(app, tid, scopes, redirectUri, codeChallenge, nonce, null);
    }

    /** This grant with the claims its token request asks for, if it asks for any. */
    Grant claimed(String requested) {
      return requested == null ? this : new Grant(app, tid, scopes, redirectUri, codeChallenge, nonce, requested);
    }
  }

  private static final class DeviceAuthorization {
    final Grant grant;
    final String userCode;
    volatile boolean done;

    DeviceAuthorization(Grant grant, String userCode) {
      this.grant = grant;
      this.userCode = userCode;
    }
  }

  /**
   * A fault for one token request: an Entra-shaped error ({@link #status}), any status, content type and body
   * ({@link #answer}), a delay, a dropped connection, or the success answer edited ({@link #token}: the request is
   * served as usual, then its token answer is changed). {@link #retryAfter} adds a Retry-After header to an error.
   */
  public record Fault(String label, int status, String retryAfter, Duration delay, boolean dropConnection,
      String contentType, String body, Consumer<ObjectNode> tokenEdit) {
    public static Fault status(int status) {
      return new Fault("HTTP " + status, status, null, Duration.ZERO, false, null, null, null);
    }

    public static Fault tooManyRequests(int retryAfterSeconds) {
      return status(429).retryAfter(String.valueOf(retryAfterSeconds));
    }

    public static Fault delay(Duration delay) {
      return new Fault("delay " + delay, 0, null, delay, false, null, null, null);
    }

    public static Fault dropped() {
      return new Fault("dropped connection", 0, null, Duration.ZERO, true, null, null, null);
    }

    /** An answer that need not look like Entra's: an HTML page, an empty body, a bare JSON error. */
    public static Fault answer(int status, String contentType, String body) {
      return new Fault("HTTP " + status + " " + contentType + " " + (body.isEmpty() ? "(empty)" : body), status, null,
          Duration.ZERO, false, contentType, body, null);
    }

    /** The request is served, and its success answer (a token response) is edited before it is sent. */
    public static Fault token(String label, Consumer<ObjectNode> edit) {
      return new Fault(label, 0, null, Duration.ZERO, false, null, null, edit);
    }

    /** The same fault with a Retry-After header (sent as given, so it may be nonsense). */
    public Fault retryAfter(String value) {
      return new Fault(label + ", Retry-After: " + value, status, value, delay, dropConnection, contentType, body,
          tokenEdit);
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** What an app's federated identity credential trusts. */
  record FederatedCredential(String issuer, String subject, String audience) {}

  /** A GitHub Actions job's ID-token service: the job's request token, and the subject its tokens carry. */
  private record GitHubJob(ExternalIssuer issuer, String requestToken, String subject) {}

  /** An Azure DevOps OIDC service: the job's access token and the service connections it may use. */
  private record PipelinesJob(ExternalIssuer issuer, String accessToken, Map<String, String> subjects) {}

  /** A registered application (service principal) in the tenant. */
  public final class App {
    final String clientId;
    final String tenantId;
    final String objectId = UUID.randomUUID().toString();
    final Map<String, Boolean> secrets = new ConcurrentHashMap<>(); // value -> expired
    final List<X509Certificate> certificates = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<String>> permissions = new ConcurrentHashMap<>(); // resource -> roles
    volatile Duration tokenLifetime = Duration.ofHours(1);
    volatile boolean publicClient;
    final List<FederatedCredential> federated = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Set<String> otherTenants = ConcurrentHashMap.newKeySet();

    App(String clientId, String tenantId) {
      this.clientId = clientId;
      this.tenantId = tenantId;
    }

    public App secret(String value) {
      secrets.put(value, false);
      return this;
    }

    public App expiredSecret(String value) {
      secrets.put(value, true);
      return this;
    }

    public App certificate(X509Certificate cert) {
      certificates.add(cert);
      return this;
    }

    /** Application permissions (app roles) granted, with admin consent, on {@code resource}. */
    public App allow(String resource, String... roles) {
      permissions.put(stripSlash(resource), List.of(roles));
      return this;
    }

    /** "Allow public client flows": device code and interactive sign-in without a credential. */
    public App publicClient() {
      this.publicClient = true;
      return this;
    }

    /** A federated identity credential: tokens of {@code issuer} for {@code subject} and {@code audience}. */
    public App federated(String issuer, String subject, String audience) {
      federated.add(new FederatedCredential(issuer, subject, audience));
      return this;
    }

    /** A multi-tenant app with a service principal (admin consent) in tenant {@code tid} too. */
    public App consentedIn(String tid) {
      otherTenants.add(tid);
      return this;
    }

    boolean existsIn(String tid) {
      return tenantId.equals(tid) || otherTenants.contains(tid);
    }

    public App tokenLifetime(Duration lifetime) {
      this.tokenLifetime = lifetime;
      return this;
    }

    public String clientId() {
      return clientId;
    }
  }

  private FakeEntra(TestPki pki) throws IOException, java.security.GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    signingKeys = g.generateKeyPair();
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()));
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-entra");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    addTenant(TENANT_ID, TENANT_DOMAIN);
    addTenant(OTHER_TENANT_ID, OTHER_TENANT_DOMAIN);
  }

  public static FakeEntra start(TestPki pki) {
    try {
      FakeEntra e = new FakeEntra(pki);
      e.server.start();
      return e;
    } catch (IOException | java.security.GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** For a profile's {@code authorityHost}. */
  public String authorityHost() {
    return "https://127.0.0.1:" + port();
  }

  public void addTenant(String id, String... domains) {
    tenants.put(id.toLowerCase(Locale.ROOT), id);
    for (String d : domains) {
      tenants.put(d.toLowerCase(Locale.ROOT), id);
    }
  }

  public App registerApp(String clientId) {
    App app = new App(clientId, TENANT_ID);
    apps.put(clientId, app);
    return app;
  }

  /**
   * Answers for the next device-code polls, in order: {@code pending}, {@code slow_down}, {@code expired},
   * {@code declined}, {@code approve}. With none queued, a poll approves.
   */
  /** An OIDC issuer outside Entra whose tokens federated credentials may trust (same URL: same issuer). */
  public ExternalIssuer externalIssuer(String url) {
    return issuers.computeIfAbsent(url, ExternalIssuer::new);
  }

  /**
   * A GitHub Actions job: its ID-token service accepts {@code requestToken} (as {@code bearer}) and issues tokens of
   * {@code issuer} for {@code subject}, with the audience asked for. Returns the job's
   * {@code ACTIONS_ID_TOKEN_REQUEST_URL}.
   */
  public String gitHubActionsJob(ExternalIssuer issuer, String requestToken, String subject) {
    String id = UUID.randomUUID().toString();
    gitHubJobs.put(id, new GitHubJob(issuer, requestToken, subject));
    return authorityHost() + "/_github/" + id + "/_apis/distributedtask/hubs/Actions/plans/p/jobs/j/idtoken"
        + "?api-version=2.0";
  }

  /**
   * An Azure Pipelines job: its OIDC service accepts {@code accessToken} (as {@code Bearer}) and issues tokens of
   * {@code issuer} with audience api://AzureADTokenExchange for the service connections in {@code subjects} (ID ->
   * subject). Returns the job's {@code SYSTEM_OIDCREQUESTURI}.
   */
  public String azurePipelinesJob(ExternalIssuer issuer, String accessToken, Map<String, String> subjects) {
    String id = UUID.randomUUID().toString();
    pipelinesJobs.put(id, new PipelinesJob(issuer, accessToken, Map.copyOf(subjects)));
    return authorityHost() + "/_azdo/" + id + "/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken";
  }

  public void deviceCodeOutcomes(String... outcomes) {
    deviceOutcomes.addAll(List.of(outcomes));
  }

  public void clearDeviceCodeOutcomes() {
    deviceOutcomes.clear();
  }

  public void deviceCodeInterval(int seconds) {
    deviceInterval = seconds;
  }

  /** The verification URI the device-code answer gives (a test may make it hostile). */
  public void deviceCodeVerificationUri(String uri) {
    verificationUri = uri;
  }

  /** Makes /authorize redirect with this error (e.g. access_denied) instead of a code; null to sign in. */
  public void authorizeError(String error) {
    authorizeError(error, "AADSTS65004: User declined to consent to access the app. Trace ID: " + UUID.randomUUID());
  }

  /** Makes /authorize redirect with this error and description (any text at all) instead of a code. */
  public void authorizeError(String error, String description) {
    authorizeError = error;
    authorizeErrorDescription = description;
  }

  /** Revokes every refresh token issued so far (as a password reset or an admin would). */
  public void revokeRefreshTokens() {
    refreshTokens.clear();
  }

  /**
   * The next sign-ins (device code, authorization code) are by these users of the test tenant, in order, each with
   * an object ID of its own; then Ada again. Their refresh tokens stay theirs.
   */
  public void signInsBy(String... userNames) {
    for (String name : userNames) {
      nextSignIns.add(new User(name + "@" + TENANT_DOMAIN, name, objectIdOf(name)));
    }
  }

  /** The object ID the emulator gives {@link #signInsBy a user of that name}. */
  public static String objectIdOf(String userName) {
    return UUID.nameUUIDFromBytes(userName.getBytes(StandardCharsets.UTF_8)).toString();
  }

  public void failNext(Fault... next) {
    faults.addAll(List.of(next));
  }

  /** Drops the faults still queued (a failed test may leave some for the next one). */
  public void clearFaults() {
    faults.clear();
  }

  public int count(String endpoint) {
    AtomicInteger c = counts.get(endpoint);
    return c == null ? 0 : c.get();
  }

  public int tokenRequests() {
    return count("token");
  }

  /** Requests to every endpoint this emulator knows, of every kind. */
  public int allRequests() {
    return counts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The form parameters of the last token request (secrets included: for assertions only, never printed). */
  public Map<String, String> lastTokenRequest() {
    return lastTokenRequest;
  }

  public RSAPublicKey signingKey() {
    return (RSAPublicKey) signingKeys.getPublic();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ---- routing ----

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/common/discovery/instance")) {
        counts.computeIfAbsent("instance", k -> new AtomicInteger()).incrementAndGet();
        instanceDiscovery(ex);
        return;
      }
      if (path.startsWith("/_github/") || path.startsWith("/_azdo/")) {
        String service = path.startsWith("/_github/") ? "github" : "azdo";
        counts.computeIfAbsent(service, k -> new AtomicInteger()).incrementAndGet();
        String job = path.split("/")[2];
        if (service.equals("github")) {
          gitHubIdToken(ex, gitHubJobs.get(job));
        } else {
          pipelinesOidcToken(ex, pipelinesJobs.get(job));
        }
        return;
      }
      Matcher m = TENANT_PATH.matcher(path);
      if (!m.matches()) {
        send(ex, 404, JSON.createObjectNode().put("error", "not_found"));
        return;
      }
      String tenant = m.group(1);
      String rest = m.group(2);
      switch (rest) {
        case "v2.0/.well-known/openid-configuration" -> {
          counts.computeIfAbsent("openid-configuration", k -> new AtomicInteger()).incrementAndGet();
          openidConfiguration(ex, tenant);
        }
        case "discovery/v2.0/keys" -> {
          counts.computeIfAbsent("keys", k -> new AtomicInteger()).incrementAndGet();
          keys(ex);
        }
        case "oauth2/v2.0/token" -> {
          counts.computeIfAbsent("token", k -> new AtomicInteger()).incrementAndGet();
          try {
            token(ex, tenant);
          } finally {
            tokenEdit.remove();
          }
        }
        case "oauth2/v2.0/devicecode" -> {
          counts.computeIfAbsent("devicecode", k -> new AtomicInteger()).incrementAndGet();
          deviceCode(ex, tenant);
        }
        case "oauth2/v2.0/authorize" -> {
          counts.computeIfAbsent("authorize", k -> new AtomicInteger()).incrementAndGet();
          authorize(ex, tenant);
        }
        default -> send(ex, 404, JSON.createObjectNode().put("error", "not_found"));
      }
    }
  }

  private String base(String tenant) {
    return authorityHost() + "/" + tenant;
  }

  private void instanceDiscovery(HttpExchange ex) throws IOException {
    Map<String, String> q = form(ex.getRequestURI().getRawQuery());
    String endpoint = q.getOrDefault("authorization_endpoint", authorityHost() + "/common/oauth2/v2.0/authorize");
    ObjectNode body = JSON.createObjectNode();
    body.put("tenant_discovery_endpoint", endpoint.replace("oauth2/v2.0/authorize",
        "v2.0/.well-known/openid-configuration"));
    body.put("api-version", "1.1");
    ObjectNode meta = body.putArray("metadata").addObject();
    String hostPort = "127.0.0.1:" + port();
    meta.put("preferred_network", hostPort);
    meta.put("preferred_cache", hostPort);
    meta.putArray("aliases").add(hostPort);
    send(ex, 200, body);
  }

  private void openidConfiguration(HttpExchange ex, String tenant) throws IOException {
    String tid = tenants.get(tenant.toLowerCase(Locale.ROOT));
    if (tid == null) {
      sendError(ex, 400, "invalid_tenant", 90002, tenantNotFound(tenant));
      return;
    }
    ObjectNode c = JSON.createObjectNode();
    c.put("issuer", authorityHost() + "/" + tid + "/v2.0");
    c.put("authorization_endpoint", base(tenant) + "/oauth2/v2.0/authorize");
    c.put("token_endpoint", base(tenant) + "/oauth2/v2.0/token");
    c.put("device_authorization_endpoint", base(tenant) + "/oauth2/v2.0/devicecode");
    c.put("jwks_uri", base(tenant) + "/discovery/v2.0/keys");
    c.putArray("response_modes_supported").add("query").add("fragment").add("form_post");
    c.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("private_key_jwt")
        .add("client_secret_basic");
    c.put("tenant_region_scope", "EU");
    send(ex, 200, c);
  }

  private void keys(HttpExchange ex) throws IOException {
    RSAPublicKey pub = signingKey();
    ObjectNode body = JSON.createObjectNode();
    ObjectNode k = body.putArray("keys").addObject();
    k.put("kty", "RSA");
    k.put("use", "sig");
    k.put("kid", kid);
    k.put("n", b64url(unsigned(pub.getModulus())));
    k.put("e", b64url(unsigned(pub.getPublicExponent())));
    send(ex, 200, body);
  }

  private void token(HttpExchange ex, String tenant) throws IOException {
    Fault fault = faults.poll();
    if (fault != null) {
      if (fault.dropConnection()) {
        throw new IOException("fault injection: connection dropped"); // the server closes without a response
      }
      if (!fault.delay().isZero()) {
        try {
          Thread.sleep(fault.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (fault.retryAfter() != null) {
        ex.getResponseHeaders().set("Retry-After", fault.retryAfter());
      }
      if (fault.tokenEdit() != null) {
        tokenEdit.set(fault.tokenEdit());
      } else if (fault.body() != null) {
        byte[] bytes = fault.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", fault.contentType());
        ex.sendResponseHeaders(fault.status(), bytes.length == 0 ? -1 : bytes.length);
        ex.getResponseBody().write(bytes);
        return;
      } else if (fault.status() > 0) {
        String code = fault.status() == 429 ? "temporarily_unavailable" : "server_error";
        sendError(ex, fault.status(), code, fault.status() == 429 ? 50196 : 90033,
            fault.status() == 429 ? "The server is temporarily unable to service your request, please retry later."
                : "A transient error has occurred. Please try again.");
        return;
      }
    }
    if (!"POST".equals(ex.getRequestMethod())) {
      sendError(ex, 405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
      return;
    }
    Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    lastTokenRequest = Collections.unmodifiableMap(f);
    String tid = tenants.get(tenant.toLowerCase(Locale.ROOT));
    if (tid == null) {
      sendError(ex, 400, "invalid_request", 90002, tenantNotFound(tenant));
      return;
    }
    String grant = f.getOrDefault("grant_type", "");
    switch (grant) {
      case "client_credentials" -> clientCredentials(ex, tenant, tid, f);
      case "device_code", "urn:ietf:params:oauth:grant-type:device_code" -> deviceCodeGrant(ex, tid, f);
      case "authorization_code" -> authorizationCodeGrant(ex, tenant, tid, f);
      case "refresh_token" -> refreshTokenGrant(ex, tenant, tid, f);
      case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> onBehalfOf(ex, tenant, tid, f);
      default -> sendError(ex, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"
          + grant + "'.");
    }
  }

  // ---- user flows ----

  private void deviceCode(HttpExchange ex, String tenant) throws IOException {
    Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String tid = tenants.get(tenant.toLowerCase(Locale.ROOT));
    if (tid == null) {
      sendError(ex, 400, "invalid_request", 90002, tenantNotFound(tenant));
      return;
    }
    App app = apps.get(f.getOrDefault("client_id", ""));
    if (app == null) {
      sendError(ex, 400, "unauthorized_client", 700016, "Application with identifier '" + f.get("client_id")
          + "' was not found in the directory '" + tenant + "'.");
      return;
    }
    if (!app.publicClient) {
      sendError(ex, 400, "invalid_client", 7000218, "The request body must contain the following parameter: "
          + "'client_assertion' or 'client_secret'.");
      return;
    }
    List<String> scopes = delegatedScopes(f.getOrDefault("scope", ""));
    String code = UUID.randomUUID().toString().replace("-", "");
    String userCode = userCode();
    deviceCodes.put(code, new DeviceAuthorization(new Grant(app, tid, scopes, null, null, null, f.get("claims")),
        userCode));
    ObjectNode body = JSON.createObjectNode();
    body.put("user_code", userCode);
    body.put("device_code", code);
    body.put("verification_uri", verificationUri);
    body.put("expires_in", 900);
    body.put("interval", deviceInterval);
    body.put("message", "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter "
        + "the code " + userCode + " to authenticate.");
    send(ex, 200, body);
  }

  private static String userCode() {
    String letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      sb.append(letters.charAt(r.nextInt(letters.length())));
    }
    return sb.append('-').append(1000 + r.nextInt(9000)).toString();
  }

  private void deviceCodeGrant(HttpExchange ex, String tid, Map<String, String> f) throws IOException {
    DeviceAuthorization auth = deviceCodes.get(f.getOrDefault("device_code", ""));
    if (auth == null || auth.done) {
      sendError(ex, 400, "invalid_grant", 70019, "Verification code expired or unknown.");
      return;
    }
    String outcome = deviceOutcomes.poll();
    switch (outcome == null ? "approve" : outcome) {
      case "pending" -> sendError(ex, 400, "authorization_pending", 70016, "OAuth 2.0 device flow error. "
          + "Authorization is pending. Continue polling.");
      case "slow_down" -> sendError(ex, 400, "slow_down", 70016, "OAuth 2.0 device flow error. Polling too fast: "
          + "slow down.");
      case "expired" -> {
        auth.done = true;
        sendError(ex, 400, "expired_token", 70020, "The provided value for the input parameter 'device_code' is "
            + "not valid. This device code has expired.");
      }
      case "declined" -> {
        auth.done = true;
        sendError(ex, 400, "authorization_declined", 70000, "The user declined the sign-in request.");
      }
      default -> {
        auth.done = true;
        sendUserTokens(ex, auth.grant.claimed(f.get("claims")), signingIn());
      }
    }
  }

  private void authorize(HttpExchange ex, String tenant) throws IOException {
    Map<String, String> q = form(ex.getRequestURI().getRawQuery());
    String tid = tenants.get(tenant.toLowerCase(Locale.ROOT));
    App app = apps.get(q.getOrDefault("client_id", ""));
    String redirect = q.get("redirect_uri");
    if (tid == null || app == null || redirect == null || !(redirect.startsWith("http://localhost")
        || redirect.startsWith("http://127.0.0.1"))) {
      byte[] page = ("<html><body>AADSTS50011: The redirect URI or application is not valid.</body></html>")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(400, page.length);
      ex.getResponseBody().write(page);
      return;
    }
    Map<String, String> answer = new LinkedHashMap<>();
    if (authorizeError != null) {
      answer.put("error", authorizeError);
      answer.put("error_description", authorizeErrorDescription);
    } else {
      if (q.get("code_challenge") != null && !"S256".equals(q.get("code_challenge_method"))) {
        answer.put("error", "invalid_request");
        answer.put("error_description", "AADSTS501491: Invalid code_challenge_method.");
      } else {
        String code = "code-" + UUID.randomUUID();
        authorizationCodes.put(code, new Grant(app, tid, delegatedScopes(q.getOrDefault("scope", "")), redirect,
            q.get("code_challenge"), q.get("nonce"), q.get("claims")));
        answer.put("code", code);
      }
    }
    if (q.get("state") != null) {
      answer.put("state", q.get("state"));
    }
    answer.put("session_state", UUID.randomUUID().toString());
    if ("form_post".equals(q.get("response_mode"))) {
      StringBuilder html = new StringBuilder("<html><head><title>Working...</title></head>"
          + "<body onload=\"document.forms[0].submit()\"><form method=\"POST\" action=\"" + escape(redirect) + "\">");
      answer.forEach((k, v) -> html.append("<input type=\"hidden\" name=\"").append(escape(k)).append("\" value=\"")
          .append(escape(v)).append("\"/>"));
      html.append("<noscript><input type=\"submit\" value=\"Continue\"/></noscript></form></body></html>");
      byte[] page = html.toString().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, page.length);
      ex.getResponseBody().write(page);
      return;
    }
    StringBuilder location = new StringBuilder(redirect).append(redirect.contains("?") ? "&" : "?");
    answer.forEach((k, v) -> location.append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
    location.setLength(location.length() - 1);
    ex.getResponseHeaders().set("Location", location.toString());
    ex.sendResponseHeaders(302, -1);
  }

  private void authorizationCodeGrant(HttpExchange ex, String tenant, String tid, Map<String, String> f)
      throws IOException {
    Grant grant = authorizationCodes.remove(f.getOrDefault("code", ""));
    if (grant == null || !grant.tid().equals(tid)) {
      sendError(ex, 400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired "
          + "due to inactivity. Send a new interactive authorization request for this user and resource.");
      return;
    }
    if (!grant.redirectUri().equals(f.get("redirect_uri"))) {
      sendError(ex, 400, "invalid_grant", 50148, "The redirect_uri in the token request does not match the one "
          + "of the authorization request.");
      return;
    }
    if (grant.codeChallenge() != null) {
      String verifier = f.getOrDefault("code_verifier", "");
      String expected;
      try {
        expected = b64url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      if (!expected.equals(grant.codeChallenge())) {
        sendError(ex, 400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied "
            + "in the authorization request.");
        return;
      }
    }
    if (!grant.app().clientId.equals(f.get("client_id")) && f.get("client_assertion") == null) {
      sendError(ex, 400, "invalid_client", 700016, "The client does not match the authorization code.");
      return;
    }
    if (!grant.app().publicClient && !clientAuthenticated(ex, grant.app(), tenant, f)) {
      return;
    }
    sendUserTokens(ex, grant.claimed(f.get("claims")), signingIn());
  }

  private void refreshTokenGrant(HttpExchange ex, String tenant, String tid, Map<String, String> f)
      throws IOException {
    Grant grant = refreshTokens.remove(f.getOrDefault("refresh_token", ""));
    User user = refreshTokenUsers.getOrDefault(f.getOrDefault("refresh_token", ""), ada);
    // a refresh token is good in each tenant where the app is (Entra's multi-resource refresh token)
    if (grant == null || !grant.tid().equals(tid) && !grant.app().existsIn(tid)) {
      sendError(ex, 400, "invalid_grant", 700082, "The refresh token has expired due to inactivity. The token was "
          + "issued on a date before the current one and was inactive for too long.");
      return;
    }
    if (!grant.app().publicClient && !clientAuthenticated(ex, grant.app(), tenant, f)) {
      return;
    }
    List<String> asked = delegatedScopes(f.getOrDefault("scope", ""));
    sendUserTokens(ex, new Grant(grant.app(), tid, asked.isEmpty() ? grant.scopes() : asked, null, null, null,
        f.get("claims")), user);
  }

  /** Client secret or assertion of a confidential app; sends the error and returns false when it fails. */
  private boolean clientAuthenticated(HttpExchange ex, App app, String tenant, Map<String, String> f)
      throws IOException {
    String assertion = f.get("client_assertion");
    if (assertion != null) {
      return !assertionRejected(ex, app, tenant, f);
    }
    Boolean expired = f.get("client_secret") == null ? null : app.secrets.get(f.get("client_secret"));
    if (expired == null || expired) {
      sendError(ex, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent "
          + "in the request is the client secret value, not the client secret ID, for a secret added to app '"
          + app.clientId + "'.");
      return false;
    }
    return true;
  }

  private static List<String> delegatedScopes(String scope) {
    List<String> out = new ArrayList<>();
    for (String s : scope.split(" ")) {
      if (!s.isBlank() && !OIDC_SCOPES.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private User signingIn() {
    User next = nextSignIns.poll();
    return next == null ? ada : next;
  }

  /** Access, refresh and ID token for a user of the test tenant, as Entra answers a user flow. */
  private void sendUserTokens(HttpExchange ex, Grant grant, User user) throws IOException {
    String resource = grant.scopes().isEmpty() ? "https://graph.microsoft.com"
        : grant.scopes().get(0).substring(0, Math.max(0, grant.scopes().get(0).lastIndexOf('/')));
    List<String> permissions = new ArrayList<>();
    for (String s : grant.scopes()) {
      permissions.add(s.substring(s.lastIndexOf('/') + 1));
    }
    Instant now = Instant.now();
    long lifetime = grant.app().tokenLifetime.toSeconds();
    Map<String, Object> at = new LinkedHashMap<>();
    at.put("aud", resource);
    at.put("iss", "https://sts.windows.net/" + grant.tid() + "/");
    at.put("iat", now.getEpochSecond());
    at.put("nbf", now.getEpochSecond());
    at.put("exp", now.getEpochSecond() + lifetime);
    at.put("appid", grant.app().clientId);
    at.put("name", user.displayName());
    at.put("oid", user.objectId());
    at.put("scp", String.join(" ", permissions));
    at.put("sub", user.objectId());
    at.put("tid", grant.tid());
    at.put("upn", user.name());
    at.put("uti", UUID.randomUUID().toString()); // each token its own, as Entra's are
    at.put("ver", "1.0");
    requestedClaims(at, grant.claims());
    Map<String, Object> id = new LinkedHashMap<>();
    id.put("aud", grant.app().clientId);
    id.put("iss", authorityHost() + "/" + grant.tid() + "/v2.0");
    id.put("iat", now.getEpochSecond());
    id.put("nbf", now.getEpochSecond());
    id.put("exp", now.getEpochSecond() + 3600);
    id.put("name", user.displayName());
    id.put("oid", user.objectId());
    id.put("preferred_username", user.name());
    id.put("sub", user.objectId());
    id.put("tid", grant.tid());
    if (grant.nonce() != null) {
      id.put("nonce", grant.nonce());
    }
    id.put("ver", "2.0");
    String refresh = "rt-" + UUID.randomUUID();
    refreshTokens.put(refresh, new Grant(grant.app(), grant.tid(), grant.scopes(), null, null, null));
    if (user != ada) {
      refreshTokenUsers.put(refresh, user);
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("token_type", "Bearer");
    body.put("scope", String.join(" ", grant.scopes()) + " openid profile offline_access");
    body.put("expires_in", lifetime);
    body.put("ext_expires_in", lifetime);
    body.put("access_token", issue(at));
    body.put("refresh_token", refresh);
    body.put("id_token", sign(id));
    // uid.utid names the user in the home tenant, whichever tenant issued the tokens: MSAL keys its account and
    // refresh token by it, so a sign-in's account stays one account across tenants
    body.put("client_info", b64url(("{\"uid\":\"" + user.objectId() + "\",\"utid\":\"" + TENANT_ID + "\"}")
        .getBytes(StandardCharsets.UTF_8)));
    sendToken(ex, body);
  }

  /**
   * What a token request's {@code claims} parameter asks of the access token, as Entra honours it: the
   * authentication context classes ({@code acrs}: a satisfied Conditional Access step-up) and the client
   * capabilities ({@code xms_cc}, as MSAL merges its {@code clientCapabilities} in).
   */
  private static void requestedClaims(Map<String, Object> at, String claims) throws IOException {
    if (claims == null || claims.isBlank()) {
      return;
    }
    JsonNode accessToken = JSON.readTree(claims).path("access_token");
    List<String> acrs = claimValues(accessToken.path("acrs"));
    if (!acrs.isEmpty()) {
      at.put("acrs", acrs);
    }
    List<String> capabilities = claimValues(accessToken.path("xms_cc"));
    if (!capabilities.isEmpty()) {
      at.put("xms_cc", capabilities);
    }
  }

  private static List<String> claimValues(JsonNode claim) {
    List<String> out = new ArrayList<>();
    if (claim.hasNonNull("value")) {
      out.add(claim.get("value").asText());
    }
    claim.path("values").forEach(v -> out.add(v.asText()));
    return out;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** How many refresh tokens are currently valid. */
  public int liveRefreshTokens() {
    return refreshTokens.size();
  }

  private String issue(Map<String, Object> claims) {
    return sign(claims);
  }

  /** The refresh tokens currently valid (to look for where a client left them). */
  public Set<String> liveRefreshTokenValues() {
    return Set.copyOf(refreshTokens.keySet());
  }

  private void clientCredentials(HttpExchange ex, String tenant, String tid, Map<String, String> f)
      throws IOException {
    String clientId = f.get("client_id");
    String secret = f.get("client_secret");
    String basic = ex.getRequestHeaders().getFirst("Authorization");
    if (basic != null && basic.startsWith("Basic ")) {
      String decoded = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
      secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
    }
    App app = clientId == null ? null : apps.get(clientId);
    if (app == null || !app.existsIn(tid)) {
      sendError(ex, 400, "unauthorized_client", 700016, "Application with identifier '" + clientId
          + "' was not found in the directory '" + tenant + "'. This can happen if the application has not been "
          + "installed by the administrator of the tenant or consented to by any user in the tenant. You may have "
          + "sent your authentication request to the wrong tenant.");
      return;
    }
    String assertion = f.get("client_assertion");
    if (assertion != null) {
      if (assertionRejected(ex, app, tenant, f)) {
        return;
      }
    } else if (secret != null) {
      Boolean expired = app.secrets.get(secret);
      if (expired == null) {
        sendError(ex, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being "
            + "sent in the request is the client secret value, not the client secret ID, for a secret added to app '"
            + app.clientId + "'.");
        return;
      }
      if (expired) {
        sendError(ex, 401, "invalid_client", 7000222, "The provided client secret keys for app '" + app.clientId
            + "' are expired. Visit the Azure portal to create new keys for your app: "
            + "https://aka.ms/NewClientSecret, or consider using certificate credentials for added security.");
        return;
      }
    } else {
      sendError(ex, 401, "invalid_client", 7000218, "The request body must contain the following parameter: "
          + "'client_assertion' or 'client_secret'.");
      return;
    }
    List<String> scopes = new ArrayList<>();
    for (String s : f.getOrDefault("scope", "").split(" ")) {
      if (!s.isBlank() && !OIDC_SCOPES.contains(s)) {
        scopes.add(s);
      }
    }
    if (scopes.size() == 1 && !scopes.get(0).endsWith("/.default")) {
      sendError(ex, 400, "invalid_scope", 1002012, "The provided value for scope " + scopes.get(0) + " is not "
          + "valid. Client credential flows must have a scope value with /.default suffixed to the resource "
          + "identifier (application ID URI).");
      return;
    }
    if (scopes.size() != 1) {
      sendError(ex, 400, "invalid_scope", 70011, "The provided request must include a 'scope' input parameter. "
          + "The provided value for the input parameter 'scope' is not valid. The scope " + String.join(" ", scopes)
          + " is not valid.");
      return;
    }
    String resource = scopes.get(0).substring(0, scopes.get(0).length() - "/.default".length());
    List<String> roles = app.permissions.get(stripSlash(resource));
    if (roles == null) {
      sendError(ex, 400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not "
          + "valid. The scope " + scopes.get(0) + " is not valid. The application has no permission on "
          + resource + ".");
      return;
    }
    Instant now = Instant.now();
    long lifetime = app.tokenLifetime.toSeconds();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", resource);
    claims.put("iss", "https://sts.windows.net/" + tid + "/");
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond());
    claims.put("exp", now.getEpochSecond() + lifetime);
    claims.put("appid", app.clientId);
    claims.put("appidacr", assertion != null ? "2" : "1");
    claims.put("idp", "https://sts.windows.net/" + tid + "/");
    claims.put("idtyp", "app");
    claims.put("oid", app.objectId);
    claims.put("roles", roles);
    claims.put("sub", app.objectId);
    claims.put("tid", tid);
    claims.put("uti", UUID.randomUUID().toString()); // each token its own, as Entra's are
    claims.put("ver", "1.0");
    requestedClaims(claims, f.get("claims"));
    ObjectNode body = JSON.createObjectNode();
    body.put("token_type", "Bearer");
    body.put("expires_in", lifetime);
    body.put("ext_expires_in", lifetime);
    body.put("access_token", issue(claims));
    sendToken(ex, body);
  }

  /**
   * Checks the client assertion: the app's own (signed with its certificate, iss = sub = client ID) or a federated
   * token from another issuer. Sends Entra's error and returns true when it is refused.
   */
  private boolean assertionRejected(HttpExchange ex, App app, String tenant, Map<String, String> f)
      throws IOException {
    String assertion = f.get("client_assertion");
    if (app.clientId.equals(ExternalIssuer.claims(assertion).path("iss").asText())) {
      String problem = assertionProblem(app, assertion, base(tenant) + "/oauth2/v2.0/token");
      if (problem != null) {
        sendError(ex, 401, "invalid_client", 700027, problem);
      }
      return problem != null;
    }
    if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(f.get("client_assertion_type"))) {
      sendError(ex, 400, "invalid_request", 50027, "Invalid client_assertion_type.");
      return true;
    }
    Map.Entry<Integer, String> problem = federatedProblem(app, assertion);
    if (problem != null) {
      sendError(ex, problem.getKey() == 700024 ? 400 : 401, "invalid_client", problem.getKey(), problem.getValue());
    }
    return problem != null;
  }

  /**
   * Null when the federated token is acceptable to one of the app's federated credentials, else Entra's code and
   * description: 700211 (no credential for its issuer), 50013 (signature), 700024 (time), 70021 (subject/audience).
   */
  private Map.Entry<Integer, String> federatedProblem(App app, String assertion) {
    JsonNode c = ExternalIssuer.claims(assertion);
    String iss = c.path("iss").asText();
    String sub = c.path("sub").asText();
    String aud = c.path("aud").isArray() ? c.path("aud").path(0).asText() : c.path("aud").asText();
    ExternalIssuer issuer = issuers.get(iss);
    if (issuer == null || app.federated.stream().noneMatch(fc -> fc.issuer().equals(iss))) {
      return Map.entry(700211, "No matching federated identity record found for presented assertion issuer '"
          + iss + "'. Please check your federated identity credential Subject, Audience and Issuer against the "
          + "presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
    }
    if (assertion.split("\\.").length != 3 || !issuer.signed(assertion)) {
      return Map.entry(50013, "Assertion failed signature validation. [Reason - The key was not found.]");
    }
    long now = Instant.now().getEpochSecond();
    long exp = c.path("exp").asLong(0);
    long nbf = c.path("nbf").asLong(0);
    if (exp <= now || nbf > now + 300) {
      return Map.entry(700024, "Client assertion is not within its valid time range. Current time: "
          + Instant.ofEpochSecond(now) + ", assertion valid from " + Instant.ofEpochSecond(nbf) + ", expiry time of "
          + "assertion " + Instant.ofEpochSecond(exp) + ". Review the documentation at "
          + "https://learn.microsoft.com/entra/workload-id/workload-identity-federation .");
    }
    boolean match = app.federated.stream().anyMatch(fc -> fc.issuer().equals(iss) && fc.subject().equals(sub)
        && fc.audience().equals(aud));
    if (!match) {
      return Map.entry(70021, "No matching federated identity record found for presented assertion. Assertion "
          + "Issuer: '" + iss + "'. Assertion Subject: '" + sub + "'. Assertion Audience: '" + aud + "'. "
          + "https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
    }
    return null;
  }

  /** GET {ACTIONS_ID_TOKEN_REQUEST_URL}&audience=A with {@code Authorization: bearer <request token>}. */
  private void gitHubIdToken(HttpExchange ex, GitHubJob job) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (job == null || !"GET".equals(ex.getRequestMethod())) {
      send(ex, 404, JSON.createObjectNode().put("message", "Not Found"));
    } else if (auth == null || !auth.regionMatches(true, 0, "bearer ", 0, 7)
        || !auth.substring(7).equals(job.requestToken())) {
      send(ex, 401, JSON.createObjectNode().put("message", "Unauthorized"));
    } else {
      String audience = form(ex.getRequestURI().getRawQuery()).get("audience");
      send(ex, 200, JSON.createObjectNode().put("count", 1).put("value", job.issuer().mint(job.subject(),
          audience == null ? "https://github.com/contoso" : audience, Duration.ofMinutes(5))));
    }
  }

  /** POST {SYSTEM_OIDCREQUESTURI}?api-version=7.1&serviceConnectionId=ID with {@code Authorization: Bearer}. */
  private void pipelinesOidcToken(HttpExchange ex, PipelinesJob job) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    Map<String, String> query = form(ex.getRequestURI().getRawQuery());
    String subject = job == null ? null : job.subjects().get(query.getOrDefault("serviceConnectionId", ""));
    if (job == null || !"POST".equals(ex.getRequestMethod())) {
      send(ex, 404, JSON.createObjectNode().put("message", "Not Found"));
    } else if (auth == null || !auth.startsWith("Bearer ") || !auth.substring(7).equals(job.accessToken())) {
      send(ex, 401, JSON.createObjectNode().put("message", "Unauthorized"));
    } else if (!"7.1".equals(query.get("api-version")) || subject == null) {
      send(ex, 400, JSON.createObjectNode().put("message", "Service connection not found or api-version missing"));
    } else {
      send(ex, 200, JSON.createObjectNode().put("oidcToken", job.issuer().mint(subject,
          "api://AzureADTokenExchange", Duration.ofMinutes(10))));
    }
  }

  /** Null when the client assertion is acceptable, else the AADSTS700027 description. */
  private String assertionProblem(App app, String assertion, String tokenEndpoint) {
    String[] parts = assertion.split("\\.");
    if (parts.length != 3) {
      return "Client assertion failed signature validation. [Reason - The assertion is not a signed JWT.]";
    }
    try {
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
      String alg = header.path("alg").asText();
      if (!alg.equals("RS256") && !alg.equals("PS256")) {
        return "Client assertion failed signature validation. [Reason - Unsupported algorithm " + alg + ".]";
      }
      byte[] thumb = thumbprint(header.path("x5t#S256").asText(null));
      boolean sha256 = thumb != null;
      if (thumb == null) {
        thumb = thumbprint(header.path("x5t").asText(null));
      }
      X509Certificate cert = null;
      synchronized (app.certificates) {
        for (X509Certificate c : app.certificates) {
          byte[] t = MessageDigest.getInstance(sha256 ? "SHA-256" : "SHA-1").digest(c.getEncoded());
          if (thumb != null && MessageDigest.isEqual(t, thumb)) {
            cert = c;
          }
        }
      }
      if (cert == null) {
        return "Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of "
            + "key used by client: '" + (thumb == null ? "none" : hex(thumb)) + "'. Please visit the Azure Portal, "
            + "Graph Explorer or directly use MS Graph to see configured keys for app Id '" + app.clientId + "'.]";
      }
      if (cert.getNotAfter().before(new Date())) {
        return "Client assertion contains an invalid signature. [Reason - The key used is expired.]";
      }
      Signature verifier = Signature.getInstance(alg.equals("RS256") ? "SHA256withRSA" : "RSASSA-PSS");
      verifier.initVerify(cert.getPublicKey());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(sig)) {
        return "Client assertion failed signature validation.";
      }
      long now = Instant.now().getEpochSecond();
      if (!claims.path("aud").asText().equals(tokenEndpoint)) {
        return "The audience claim in the client assertion '" + claims.path("aud").asText() + "' does not match "
            + "the token endpoint.";
      }
      if (!app.clientId.equals(claims.path("iss").asText()) || !app.clientId.equals(claims.path("sub").asText())) {
        return "The issuer and subject of the client assertion must be the client ID.";
      }
      if (claims.path("exp").asLong(0) <= now) {
        return "The client assertion is expired.";
      }
      if (claims.has("nbf") && claims.path("nbf").asLong() > now + 300) {
        return "The client assertion is not yet valid.";
      }
      return null;
    } catch (Exception e) {
      return "Client assertion failed signature validation. [Reason - " + e.getClass().getSimpleName() + ".]";
    }
  }

  /** Accepts base64url or standard base64, padded or not (MSAL sends standard base64 for x5t#S256). */
  private static byte[] thumbprint(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    String normalized = value.replace('+', '-').replace('/', '_').replace("=", "");
    return Base64.getUrlDecoder().decode(normalized);
  }

  // ---- helpers ----

  /**
   * An access token for the test user to the API {@code audience} (a middle tier's client ID or App ID URI), as a
   * client app would have got it and sent it to that API: the incoming token of an On-Behalf-Of exchange.
   */
  public String userToken(String audience, Duration lifetime) {
    Instant now = Instant.now();
    Map<String, Object> at = new LinkedHashMap<>();
    at.put("aud", audience);
    at.put("iss", "https://sts.windows.net/" + TENANT_ID + "/");
    at.put("iat", now.getEpochSecond());
    at.put("nbf", now.getEpochSecond());
    at.put("exp", now.plus(lifetime).getEpochSecond());
    at.put("oid", userObjectId);
    at.put("scp", "access_as_user");
    at.put("uti", UUID.randomUUID().toString()); // each token its own, as Entra's are
    at.put("sub", userObjectId);
    at.put("tid", TENANT_ID);
    at.put("upn", USER_NAME);
    at.put("ver", "1.0");
    return sign(at);
  }

  /**
   * On-Behalf-Of ({@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer},
   * {@code requested_token_use=on_behalf_of}): the middle tier authenticates as a confidential client; the
   * incoming user token must be signed here, unexpired and for the middle tier (its client ID or
   * {@code api://<client ID>}); the downstream API must be among the middle tier's permissions (consent).
   */
  private void onBehalfOf(HttpExchange ex, String tenant, String tid, Map<String, String> f) throws IOException {
    if (!"on_behalf_of".equals(f.get("requested_token_use"))) {
      sendError(ex, 400, "invalid_request", 50001, "The request must contain requested_token_use=on_behalf_of.");
      return;
    }
    App app = apps.get(f.getOrDefault("client_id", ""));
    if (app == null || !app.existsIn(tid)) {
      sendError(ex, 400, "unauthorized_client", 700016, "Application with identifier '" + f.get("client_id")
          + "' was not found in the directory '" + tenant + "'.");
      return;
    }
    if (!clientAuthenticated(ex, app, tenant, f)) {
      return;
    }
    String assertion = f.getOrDefault("assertion", "");
    JsonNode incoming;
    try {
      String[] parts = assertion.split("\\.");
      if (parts.length != 3) {
        throw new IllegalArgumentException("not three parts");
      }
      incoming = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (RuntimeException | IOException e) {
      sendError(ex, 400, "invalid_request", 50027, "JWT token is invalid or malformed.");
      return;
    }
    if (incoming.path("exp").asLong() <= Instant.now().getEpochSecond()) {
      sendError(ex, 400, "invalid_grant", 500133, "Assertion is not within its valid time range. Ensure that the "
          + "access token is not expired before using it for user assertion, or request a new token.");
      return;
    }
    if (!issued(assertion)) {
      sendError(ex, 400, "invalid_grant", 50013, "Assertion failed signature validation.");
      return;
    }
    String aud = incoming.path("aud").asText();
    if (!aud.equals(app.clientId) && !aud.equals("api://" + app.clientId)) {
      sendError(ex, 400, "invalid_grant", 50013, "Assertion audience does not match the Client app presenting "
          + "the assertion. The audience in the assertion was '" + aud + "' and the expected audience is '"
          + app.clientId + "' or one of the Application Uris of this application with App ID '" + app.clientId
          + "'.");
      return;
    }
    List<String> scopes = delegatedScopes(f.getOrDefault("scope", ""));
    String resource = scopes.isEmpty() ? "" : scopes.get(0).substring(0, Math.max(0, scopes.get(0).lastIndexOf('/')));
    if (!app.permissions.containsKey(stripSlash(resource))) {
      sendError(ex, 400, "invalid_grant", 65001, "The user or administrator has not consented to use the "
          + "application with ID '" + app.clientId + "'. Send an interactive authorization request for this user "
          + "and resource.");
      return;
    }
    sendUserTokens(ex, new Grant(app, tid, scopes, null, null, null, f.get("claims")), ada);
  }

  /** True when {@code jwt} is a token this emulator signed and it has not expired: what a resource checks. */
  public boolean issued(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(signingKeys.getPublic());
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return false;
      }
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      return claims.path("exp").asLong() > Instant.now().getEpochSecond();
    } catch (Exception e) {
      return false;
    }
  }

  private String sign(Map<String, Object> claims) {
    try {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("typ", "JWT");
      header.put("alg", "RS256");
      header.put("kid", kid);
      String signingInput = b64url(JSON.writeValueAsBytes(header)) + "." + b64url(JSON.writeValueAsBytes(claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(signingKeys.getPrivate());
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64url(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tenantNotFound(String tenant) {
    return "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID and are signing "
        + "into the correct cloud. Check with your subscription administrator, this may happen if there are no "
        + "active subscriptions for the tenant.";
  }

  private void sendError(HttpExchange ex, int status, String error, int code, String description)
      throws IOException {
    String trace = UUID.randomUUID().toString();
    String correlation = UUID.randomUUID().toString();
    String timestamp = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC)
        .format(Instant.now());
    ObjectNode body = JSON.createObjectNode();
    body.put("error", error);
    body.put("error_description", "AADSTS" + code + ": " + description + " Trace ID: " + trace
        + " Correlation ID: " + correlation + " Timestamp: " + timestamp);
    ArrayNode codes = body.putArray("error_codes");
    codes.add(code);
    body.put("timestamp", timestamp);
    body.put("trace_id", trace);
    body.put("correlation_id", correlation);
    body.put("error_uri", authorityHost() + "/error?code=" + code);
    send(ex, status, body);
  }

  /** A token answer, as a {@link Fault#token} fault of this request edits it. */
  private void sendToken(HttpExchange ex, ObjectNode body) throws IOException {
    Consumer<ObjectNode> edit = tokenEdit.get();
    if (edit != null) {
      edit.accept(body);
    }
    send(ex, 200, body);
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static Map<String, String> form(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  static String b64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02X", x));
    }
    return sb.toString();
  }
}
