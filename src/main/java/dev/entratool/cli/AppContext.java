package dev.entratool.cli;

import dev.entratool.auth.Tls;
import dev.entratool.console.Console;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Sleeper;
import dev.entratool.platform.Terminal;
import dev.entratool.profile.ProfileStore;
import dev.entratool.secret.SecretStore;
import dev.entratool.secret.SecretStores;
import dev.entratool.transfer.ProfileChanges;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * What commands need from the outside world, built once per run and closed at its end, which closes the secret
 * store it chose.
 */
public final class AppContext implements AutoCloseable {
  private final Environment env;
  private final AppPaths paths;
  private final Clock clock;
  private final Sleeper sleeper;
  private final InputStream stdin;
  private final Terminal terminal;
  private final boolean systemConsole;
  private SSLSocketFactory httpsSockets;
  private BufferedReader stdinReader;
  private SecretStore secrets;
  private boolean verbose;

  public AppContext(Environment env, Clock clock, InputStream stdin, Terminal terminal, boolean systemConsole) {
    this(env, clock, Sleeper.system(), stdin, terminal, systemConsole);
  }

  /** With the sleeper that waits between tries of a token request (tests pass one that does not wait). */
  public AppContext(Environment env, Clock clock, Sleeper sleeper, InputStream stdin, Terminal terminal,
      boolean systemConsole) {
    this.env = env;
    this.paths = AppPaths.from(env);
    this.clock = clock;
    this.sleeper = sleeper;
    this.stdin = stdin;
    this.terminal = terminal;
    this.systemConsole = systemConsole;
  }

  public Environment env() {
    return env;
  }

  public AppPaths paths() {
    return paths;
  }

  public Clock clock() {
    return clock;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  public Terminal terminal() {
    return terminal;
  }

  public InputStream stdin() {
    return stdin;
  }

  public ProfileStore profiles() {
    return new ProfileStore(paths.profilesFile());
  }

  /** Profiles with their secrets and cached tokens, as the config commands change them together. */
  public ProfileChanges profileChanges(Console console) {
    return new ProfileChanges(profiles(), () -> secrets(console), paths, console::warn);
  }

  /** The host of a URL, or null when it is none. */
  private static String endpointHost(String url) {
    try {
      return url == null ? null : java.net.URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The sockets of this run's HTTPS calls (all of them go to the authority, with one CA bundle), built on first use
   * and made the process default: every HttpsURLConnection first takes the default factory, even when it is given
   * another, and building the JDK's own default would read the key and trust stores a second time. A JVM-wide
   * setting, so made here in the composition root, never by the classes that open connections. On Service Fabric
   * the default (which MSAL4J's own client for that managed identity source uses) also trusts the endpoint
   * certificate IDENTITY_SERVER_THUMBPRINT names, as {@link Tls#pinnedSocketFactory} explains.
   */
  public SSLSocketFactory httpsSockets(Optional<Path> caBundle) {
    if (httpsSockets == null) {
      httpsSockets = Tls.socketFactory(caBundle);
      Optional<String> thumbprint = env.get("IDENTITY_SERVER_THUMBPRINT");
      HttpsURLConnection.setDefaultSSLSocketFactory(thumbprint.map(t -> Tls.pinnedSocketFactory(caBundle, t))
          .orElse(httpsSockets));
      thumbprint.ifPresent(t -> HttpsURLConnection.setDefaultHostnameVerifier(Tls.pinnedHostnameVerifier(t,
          endpointHost(env.get("IDENTITY_ENDPOINT").orElse(null)))));
    }
    return httpsSockets;
  }

  void verbose(boolean verbose) {
    this.verbose = this.verbose || verbose;
  }

  public boolean verbose() {
    return verbose;
  }

  /**
   * The secret store, chosen on first use; the file fallback announces itself on stderr once, and --verbose names
   * the backend.
   */
  public SecretStore secrets(Console console) {
    if (secrets == null) {
      secrets = SecretStores.select(env, paths, console::warn);
      if (verbose) {
        console.warn("Secret store: " + secrets.backendName());
      }
    }
    return secrets;
  }

  @Override
  public void close() {
    if (secrets != null) {
      secrets.close();
    }
  }

  /** A console over the command's streams. */
  public Console console(PrintWriter out, PrintWriter err) {
    if (stdinReader == null) {
      stdinReader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    }
    java.io.Console sys = systemConsole && terminal.stdinIsTerminal() ? System.console() : null;
    return new Console(out, err, stdinReader, terminal.stdinIsTerminal(), sys);
  }
}
