package dev.entratool.auth;

import dev.entratool.platform.Environment;
import java.net.URI;
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

  /** From the environment, with the command's flags (null when not given) taking precedence. */
  public static ConnectionSettings from(Environment env, Duration timeout, Path caBundle) {
    Optional<Path> ca = caBundle != null ? Optional.of(caBundle) : caBundle(env);
    Optional<URI> proxy = env.get("HTTPS_PROXY").or(() -> env.get("https_proxy"))
        .map(p -> URI.create(p.contains("://") ? p : "http://" + p));
    List<String> noProxy = env.get("NO_PROXY").or(() -> env.get("no_proxy"))
        .map(v -> List.of(v.toLowerCase(Locale.ROOT).split("\\s*,\\s*"))).orElse(List.of());
    return new ConnectionSettings(timeout == null ? DEFAULT_TIMEOUT : timeout, ca, proxy, noProxy);
  }

  /** The CA bundle the environment names ({@code ENTRATOOL_CA_BUNDLE}), which a {@code --ca-bundle} flag overrides. */
  public static Optional<Path> caBundle(Environment env) {
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
}
