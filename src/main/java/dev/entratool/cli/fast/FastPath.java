package dev.entratool.cli.fast;

import dev.entratool.cache.FastToken;
import dev.entratool.cache.RuntimeDirTokens;
import dev.entratool.cli.Profiles;
import dev.entratool.error.ExitCode;
import dev.entratool.json.PrettyJson;
import dev.entratool.json.StrictJson;
import dev.entratool.jwt.CompactJws;
import dev.entratool.jwt.TokenText;
import dev.entratool.jwt.TokenValidity;
import dev.entratool.output.TokenOutput;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Terminal;
import dev.entratool.profile.Flow;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.profile.Scopes;
import dev.entratool.secret.KeyringSecretStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretServiceClient;
import dev.entratool.secret.SecretStores;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the commands scripts run in loops, plainly written, before the full command line is even built: picocli,
 * Jackson and lambdas each cost more start-up than the answer itself. It answers only what it is sure of, with the
 * same output and exit code as the full path; anything else (another option, a help request, any error to report)
 * returns {@link #NOT_HANDLED} and the full command line runs, so errors and their hints come from one place.
 */
public final class FastPath {
  /** The full command line must run. */
  public static final int NOT_HANDLED = -1;

  // The dates the full decoder accepts.
  private static final BigInteger FIRST_DATE = BigInteger.valueOf(TokenValidity.FIRST_SECOND);
  private static final BigInteger LAST_DATE = BigInteger.valueOf(TokenValidity.END_SECOND);

  private final Environment env;
  private final Clock clock;
  private final Terminal terminal;
  private final PrintWriter out;
  private final PrintWriter err;

  private FastPath(Environment env, Clock clock, Terminal terminal, PrintWriter out, PrintWriter err) {
    this.env = env;
    this.clock = clock;
    this.terminal = terminal;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs {@code args} if it can: returns the exit code, or {@link #NOT_HANDLED} having printed nothing.
   *
   * @param terminal which streams are terminals, or null to find out only if a command needs to
   */
  public static int run(String[] args, Environment env, Clock clock, Terminal terminal, PrintWriter out,
      PrintWriter err) {
    if (args.length == 0) {
      return NOT_HANDLED;
    }
    FastPath fast = new FastPath(env, clock, terminal, out, err);
    try {
      if (args[0].equals("discover")) {
        return fast.discover(args);
      }
      if (args[0].equals("get-token")) {
        return fast.getToken(args);
      }
      if (args[0].equals("inspect")) {
        return fast.inspect(args);
      }
    } catch (StrictJson.Invalid | RuntimeException e) {
      return NOT_HANDLED; // the full path reports it properly
    }
    return NOT_HANDLED;
  }

  /**
   * {@code get-token [-p NAME] [-f FLOW] [--scope S] [--silent] [--min-validity N] [-o FILE]} answered by the
   * profile's stored entry (see {@link FastToken}); without such an entry that answers it, the full path runs (and
   * stores one).
   */
  private int getToken(String[] args) {
    Map<String, String> options = options(args, "-p|--profile=", "-f|--flow=", "--scope=", "--min-validity=",
        "-o|--output-file=", "--silent");
    if (options == null) {
      return NOT_HANDLED;
    }
    String name = options.get("--profile");
    String scope = options.get("--scope");
    String minutes = options.get("--min-validity");
    boolean silent = options.containsKey("--silent");
    int validityMinutes = minutes == null ? 5 : smallNumber(minutes);
    if (validityMinutes < 0) {
      return NOT_HANDLED;
    }
    AppPaths paths = AppPaths.from(env);
    Profile profile = new ProfileStore(paths.profilesFile()).resolve(name);
    String requested = options.get("--flow");
    Flow flow = Flow.choose(profile, requested == null ? null : Flow.parse(requested));
    List<String> scopes = Profiles.scopes(profile, scope);
    if (flow.needsConfidentialClient() && !profile.authMethod().isConfidential()) {
      return NOT_HANDLED; // the full path says why it cannot
    }
    if (flow == Flow.ClientCredentials) {
      scopes = Scopes.clientCredentials(scopes);
    }
    Instant validUntil = clock.instant().plusSeconds(60L * validityMinutes);
    Optional<FastToken> token = storedToken(paths, profile);
    if (token.isEmpty() || !token.get().answers(profile, flow.signsInUser(), scopes, validUntil)) {
      return NOT_HANDLED;
    }
    String file = options.get("--output-file");
    Path output = file == null ? null : Path.of(file);
    if (output != null) {
      try {
        TokenOutput.writeFile(output, token.get().token());
      } catch (RuntimeException e) {
        return NOT_HANDLED; // nothing printed yet: the full path tries again and reports it
      }
    }
    if (!silent) {
      err.println(TokenOutput.authenticating(profile.name()));
      err.println(TokenOutput.ACQUIRED);
      if (output != null) {
        err.println(TokenOutput.savedTo(output));
      }
      err.flush();
    }
    if (output == null) {
      out.println(token.get().token());
      out.flush();
    }
    return ExitCode.SUCCESS.code();
  }

  /**
   * The profile's entry in the session's runtime directory, else in the Secret Service (where the full path keeps
   * it when there is no runtime directory in memory); empty when neither has one.
   */
  private Optional<FastToken> storedToken(AppPaths paths, Profile profile) {
    Optional<RuntimeDirTokens> runtime = RuntimeDirTokens.of(paths);
    Optional<String> entry = runtime.isPresent() ? runtime.get().read(profile.name()) : Optional.empty();
    if (entry.isPresent()) {
      return FastToken.parse(entry.get());
    }
    String store = SecretStores.configured(env);
    if (!(store.isEmpty() || store.equals("keyring")) || !KeyringSecretStore.usesSecretService()) {
      return Optional.empty();
    }
    SecretServiceClient.Lookup stored = new SecretServiceClient(env.get("DBUS_SESSION_BUS_ADDRESS"))
        .lookup(KeyringSecretStore.attributes(SecretKind.FAST_TOKEN.account(profile.name())));
    return stored instanceof SecretServiceClient.Found found ? FastToken.parse(found.secret()) : Optional.empty();
  }

  /** {@code inspect -f FILE}: the claims as JSON, and on a terminal the expiry line. */
  private int inspect(String[] args) throws StrictJson.Invalid {
    Map<String, String> options = options(args, "-f|--file=");
    Token token = options == null || !options.containsKey("--file") ? null : Token.read(options.get("--file"));
    if (token == null) {
      return NOT_HANDLED;
    }
    out.println(PrettyJson.write(token.claims));
    out.flush();
    if ((terminal != null ? terminal : Terminal.detect()).stderrIsTerminal()) {
      err.println(token.validity(clock.instant()).expiryLine());
      err.flush();
    }
    return ExitCode.SUCCESS.code();
  }

  /** {@code discover -f FILE [-q] [--min-validity N]}, without --json. */
  private int discover(String[] args) throws StrictJson.Invalid {
    Map<String, String> options = options(args, "-f|--file=", "--min-validity=", "-q|--quiet");
    if (options == null) {
      return NOT_HANDLED;
    }
    String file = options.get("--file");
    String minutes = options.get("--min-validity");
    boolean quiet = options.containsKey("--quiet");
    int headroomMinutes = minutes == null ? 0 : smallNumber(minutes);
    Token token = file == null || headroomMinutes < 0 ? null : Token.read(file);
    if (token == null || token.expires == null) {
      return NOT_HANDLED;
    }
    TokenValidity validity = token.validity(clock.instant());
    Duration headroom = Duration.ofMinutes(headroomMinutes);
    if (!quiet) {
      err.println(validity.statusLine(headroom));
      err.flush();
    }
    return validity.validFor(headroom) ? ExitCode.SUCCESS.code() : ExitCode.TOKEN_EXPIRED.code();
  }

  /** A token file decoded as the full path decodes it, or null for anything it would treat specially. */
  private static final class Token {
    final Map<String, Object> claims;
    final Instant expires;
    final Instant notBefore;

    private Token(Map<String, Object> claims, Instant expires, Instant notBefore) {
      this.claims = claims;
      this.expires = expires;
      this.notBefore = notBefore;
    }

    static Token read(String file) throws StrictJson.Invalid {
      if (file.isEmpty()) {
        return null;
      }
      CompactJws jws = CompactJws.split(TokenText.fromFile(Path.of(file)));
      StrictJson.parseObject(jws.headerText());
      Map<String, Object> claims = StrictJson.parseObject(jws.payloadText());
      jws.checkSignature();
      Instant expires = date(claims, "exp");
      Instant notBefore = date(claims, "nbf");
      if ((expires == null && claims.get("exp") != null) || (notBefore == null && claims.get("nbf") != null)) {
        return null; // a fractional, out-of-range or non-numeric date: the full path words it
      }
      return new Token(claims, expires, notBefore);
    }

    TokenValidity validity(Instant now) {
      return new TokenValidity(now, expires, notBefore);
    }
  }

  /**
   * The options after the subcommand, keyed by their long name: {@code "-f|--file="} takes a value, {@code
   * "--silent"} does not. Null for anything picocli might read differently: an unknown or repeated option, a
   * missing value, a value that looks like an option, {@code --opt=value} or clustered short options.
   */
  private static Map<String, String> options(String[] args, String... specs) {
    Map<String, String> found = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String spec = spec(args[i], specs);
      if (spec == null) {
        return null;
      }
      boolean takesValue = spec.endsWith("=");
      String name = spec.substring(spec.lastIndexOf('|') + 1).replace("=", "");
      if (found.containsKey(name)) {
        return null;
      }
      if (!takesValue) {
        found.put(name, "");
      } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
        found.put(name, args[++i]);
      } else {
        return null;
      }
    }
    return found;
  }

  private static String spec(String arg, String[] specs) {
    for (String spec : specs) {
      for (String name : spec.replace("=", "").split("\\|")) {
        if (name.equals(arg)) {
          return spec;
        }
      }
    }
    return null;
  }

  /** A whole-second NumericDate within years 1 to 9999; null for anything else (the full path decides). */
  private static Instant date(Map<String, Object> claims, String claim) {
    Object value = claims.get(claim);
    if (value instanceof BigInteger seconds && seconds.compareTo(FIRST_DATE) >= 0
        && seconds.compareTo(LAST_DATE) < 0) {
      return Instant.ofEpochSecond(seconds.longValue());
    }
    return null;
  }

  /** A plain non-negative decimal of at most 6 digits, else -1. */
  private static int smallNumber(String text) {
    if (text.isEmpty() || text.length() > 6) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
