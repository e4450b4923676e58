package dev.entratool.auth.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The loopback redirect target of the authorization-code flow: listens on the redirect URI's port on 127.0.0.1, takes
 * the code from a query (GET) or form post (POST), checks {@code state}, and shows a page that says the window can be
 * closed.
 */
public final class LoopbackListener implements AutoCloseable {
  static final String DONE_PAGE = "<!doctype html><html><head><meta charset=\"utf-8\"><title>entratool</title></head>"
      + "<body><h1>Sign-in complete</h1><p>You can close this window and return to the terminal.</p></body></html>";
  static final String FAILED_PAGE = "<!doctype html><html><head><meta charset=\"utf-8\"><title>entratool</title>"
      + "</head><body><h1>Sign-in failed</h1><p>Return to the terminal for details.</p></body></html>";

  private final HttpServer server;
  private final URI redirectUri;
  private final String expectedState;
  private final CompletableFuture<String> code = new CompletableFuture<>();
  private String path;

  private LoopbackListener(HttpServer server, URI redirectUri, String expectedState) {
    this.server = server;
    this.redirectUri = redirectUri;
    this.expectedState = expectedState;
  }

  /**
   * Starts listening for {@code redirectUri} ({@code http://localhost[:port][/path]}); without a port, a free one is
   * chosen and {@link #redirectUri()} tells which.
   */
  public static LoopbackListener start(URI redirectUri, String expectedState) {
    if (!"http".equalsIgnoreCase(redirectUri.getScheme()) || !isLoopback(redirectUri.getHost())) {
      throw EntraToolException.usage("Redirect URI " + redirectUri + " is not a loopback address, so entratool "
          + "cannot receive the sign-in response", "Use http://localhost:PORT as the redirect URI (register it "
          + "in the app registration) or pass --port");
    }
    int port = redirectUri.getPort();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Math.max(port, 0)), 0);
    } catch (BindException e) {
      throw new EntraToolException(ExitCode.USAGE, "Port " + port + " is already in use, so entratool cannot "
          + "listen for the redirect to " + redirectUri,
          "Stop what uses port " + port + ", or pass --port N (http://localhost:N must be a redirect URI of the app "
              + "registration), or change the profile's redirect URI with 'entratool config edit'", e);
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot listen on port " + port + ": " + e.getMessage(),
          null, e);
    }
    URI actual = port > 0 ? redirectUri : URI.create("http://" + redirectUri.getHost() + ":"
        + server.getAddress().getPort() + (redirectUri.getRawPath() == null ? "" : redirectUri.getRawPath()));
    LoopbackListener listener = new LoopbackListener(server, actual, expectedState);
    String path = redirectUri.getRawPath() == null || redirectUri.getRawPath().isEmpty() ? "/"
        : redirectUri.getRawPath();
    listener.path = path;
    server.createContext(path, listener::handle);
    server.start();
    return listener;
  }

  private static boolean isLoopback(String host) {
    return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host);
  }

  public URI redirectUri() {
    return redirectUri;
  }

  /** Waits for the browser's redirect; returns the authorization code. */
  public String awaitCode(Duration timeout) {
    try {
      return code.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new EntraToolException(ExitCode.TIMEOUT, "Browser did not respond within " + timeout.toSeconds()
          + " seconds", "Try the Device Code flow instead: entratool get-token -p PROFILE -f DeviceCode; "
          + "also check the redirect URI configuration and that localhost port " + redirectUri.getPort()
          + " is not blocked", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EntraToolException(ExitCode.INTERRUPTED, "Cancelled while waiting for the browser", null, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof EntraToolException ete) {
        throw ete;
      }
      throw new EntraToolException(ExitCode.UNEXPECTED, "Redirect listener failed: " + e.getCause(), null, e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getRawPath().equals(path)) {
        respond(exchange, 404, FAILED_PAGE); // favicon and the like: keep waiting
        return;
      }
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      Map<String, String> params;
      if (method.equals("POST")) {
        params = parseForm(readBody(exchange.getRequestBody()));
      } else if (method.equals("GET")) {
        params = parseForm(exchange.getRequestURI().getRawQuery());
      } else {
        respond(exchange, 405, FAILED_PAGE);
        return;
      }
      if (params.containsKey("error")) {
        String description = params.getOrDefault("error_description", "");
        int end = description.indexOf(". ");
        String first = end > 0 ? description.substring(0, end + 1) : description;
        respond(exchange, 200, FAILED_PAGE);
        code.completeExceptionally(new EntraToolException(ExitCode.AUTH_REJECTED, "Sign-in was not completed: "
            + params.get("error") + (first.isEmpty() ? "" : " (" + first + ")"),
            "access_denied".equals(params.get("error"))
                ? "The sign-in was cancelled or consent was refused; run the command again to retry" : null));
        return;
      }
      String received = params.get("code");
      if (received == null) {
        respond(exchange, 400, FAILED_PAGE); // e.g. a favicon or a stray request: keep waiting
        return;
      }
      if (expectedState != null && !expectedState.equals(params.get("state"))) {
        respond(exchange, 400, FAILED_PAGE);
        code.completeExceptionally(new EntraToolException(ExitCode.AUTH_REJECTED,
            "The sign-in response carried the wrong state, so it was rejected (it may not come from this sign-in)",
            "Run the command again; if it repeats, close other sign-in tabs"));
        return;
      }
      respond(exchange, 200, DONE_PAGE);
      code.complete(received);
    }
  }

  private static String readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(64 * 1024);
    return new String(body, StandardCharsets.UTF_8);
  }

  static Map<String, String> parseForm(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException ignored) {
        // malformed escape: skip the pair
      }
    }
    return out;
  }

  private static void respond(HttpExchange exchange, int status, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
