package dev.entratool.auth;

import dev.entratool.error.EntraToolException;
import dev.entratool.platform.Environment;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How to reach the authority: the time bound for the whole call, extra trusted CAs ({@code ENTRATOOL_CA_BUNDLE} or
 * {@code --ca-bundle}), and the proxy ({@code HTTPS_PROXY}/{@code NO_PROXY}).
 */
public record ConnectionSettings(Duration timeout, Optional<Path> caBundle, Optional<URI> httpsProxy,
    List<String> noProxy) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /**
   * From the environment, with the command's flags (null when not given) taking precedence. A proxy variable that
   * is not a proxy URL is a usage error (exit 2) naming the variable.
   */
  public static ConnectionSettings from(Environment env, Duration timeout, Path caBundle) {
    Optional<Path> ca = caBundle != null ? Optional.of(caBundle) : caBundle(env);
    Optional<URI> proxy = proxy(env, "HTTPS_PROXY").or(() -> proxy(env, "https_proxy"));
    List<String> noProxy = env.get("NO_PROXY").or(() -> env.get("no_proxy"))
        .map(v -> List.of(v.toLowerCase(Locale.ROOT).split("\\s*,\\s*"))).orElse(List.of());
    return new ConnectionSettings(timeout == null ? DEFAULT_TIMEOUT : timeout, ca, proxy, noProxy);
  }

  /** These settings without a proxy: for endpoints on the host itself (a managed identity's), never proxied. */
  public ConnectionSettings direct() {
    return new ConnectionSettings(timeout, caBundle, Optional.empty(), List.of());
  }

  /** The CA bundle the environment names ({@code ENTRATOOL_CA_BUNDLE}), which a {@code --ca-bundle} flag overrides. */
  private static Optional<Path> caBundle(Environment env) {
    return env.get("ENTRATOOL_CA_BUNDLE").map(Path::of);
  }

  /** The proxy for {@code host}, unless NO_PROXY excludes it (exact host, domain suffix, or '*'). */
  public Optional<URI> proxyFor(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String entry : noProxy) {
      String e = entry.startsWith(".") ? entry.substring(1) : entry;
      if (e.isEmpty()) {
        continue;
      }
      if (e.equals("*") || h.equals(e) || h.endsWith("." + e)) {
        return Optional.empty();
      }
    }
    return httpsProxy;
  }

  /** The port to reach the proxy on: its own, else 80. */
  static int proxyPort(URI proxy) {
    return proxy.getPort() > 0 ? proxy.getPort() : 80;
  }

  /** {@code host:port} of the proxy, for messages: never the credentials its URL may hold. */
  static String describeProxy(URI proxy) {
    return proxy.getHost() + ":" + proxyPort(proxy);
  }

  /**
   * The proxy a variable names ({@code http://host:port}, or {@code host:port}). The value is never echoed: it may
   * hold the proxy's password.
   */
  private static Optional<URI> proxy(Environment env, String variable) {
    return env.get(variable).map(value -> {
      String text = value.strip();
      URI uri;
      try {
        uri = new URI(text.contains("://") ? text : "http://" + text);
      } catch (URISyntaxException e) {
        throw badProxy(variable, e.getReason().toLowerCase(Locale.ROOT));
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw badProxy(variable, "entratool talks to HTTP proxies only, not " + scheme);
      }
      if (uri.getHost() == null || uri.getPort() > 65535) {
        throw badProxy(variable, "it names no host and port");
      }
      return uri;
    });
  }

  private static EntraToolException badProxy(String variable, String why) {
    return EntraToolException.usage(variable + " is not a proxy URL (" + why + ")",
        "Set " + variable + " to http://host:port, or unset it");
  }
}
