package dev.entratool.cli.fast;

import dev.entratool.auth.AccessToken;
import dev.entratool.auth.TokenQuery;
import dev.entratool.auth.TokenService;
import dev.entratool.cache.TokenCache;
import dev.entratool.error.ExitCode;
import dev.entratool.jwt.TokenReport;
import dev.entratool.jwt.TokenText;
import dev.entratool.output.ExecInfo;
import dev.entratool.output.TokenOutput;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Terminal;
import dev.entratool.profile.ProfileStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the commands scripts run in loops, plainly written, before the full command line is even built: picocli,
 * MSAL and lambdas each cost more start-up than the answer itself. It answers only what it is sure of, with the
 * same output and exit code as the full path; anything else (another option, a help request, any error to report)
 * returns {@link #NOT_HANDLED} and the full command line runs, so errors and their hints come from one place.
 */
public final class FastPath {
  /** The full command line must run. */
  public static final int NOT_HANDLED = -1;
  /**
   * The options of a plain get-token, as {@link #options} takes them ({@code =}: takes a value). bin/entratool's
   * archive guess lists the same (LauncherIT checks each).
   */
  public static final List<String> GET_TOKEN_OPTIONS = List.of("-p|--profile=", "-f|--flow=", "--scope=",
      "--min-validity=", "-o|--output-file=", "--silent", "--exec-credential", "--tenant=", "--force");
  /** The hidden command that lists the profile names for shell completion, which calls it on every Tab. */
  public static final String PROFILE_NAMES = "__profiles";

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
   * A plain {@code get-token} the front end has read but cannot answer from the session tier: the command runs it
   * on the domain without building the command line (the cache's other tier, else the flow), as it would have run it.
   *
   * @param outputFile the -o file, or null for stdout
   */
  public record PlainGetToken(TokenQuery query, boolean silent, Path outputFile, boolean execCredential) {}

  /**
   * What the front end made of a call: its exit code, or {@link #NOT_HANDLED} having printed nothing, then with the
   * plain get-token it has read, if it was one.
   */
  public record Answer(int code, PlainGetToken getToken) {
    public static final Answer NONE = new Answer(NOT_HANDLED, null);
  }

  /**
   * Runs {@code args} if it can: its exit code, or {@link #NOT_HANDLED} having printed nothing, then with the plain
   * get-token it read and could not answer.
   *
   * @param terminal which streams are terminals, or null to find out only if a command needs to
   */
  public static Answer answer(String[] args, Environment env, Clock clock, Terminal terminal, PrintWriter out,
      PrintWriter err) {
    if (args.length == 0) {
      return Answer.NONE;
    }
    FastPath fast = new FastPath(env, clock, terminal, out, err);
    try {
      if (args[0].equals("discover")) {
        return new Answer(fast.discover(args), null);
      }
      if (args[0].equals("get-token")) {
        return fast.getToken(args);
      }
      if (args[0].equals("inspect")) {
        return new Answer(fast.inspect(args), null);
      }
      if (args[0].equals(PROFILE_NAMES) && args.length == 1) {
        return new Answer(fast.profileNames(), null);
      }
    } catch (RuntimeException e) {
      return Answer.NONE; // the full path reports it properly
    }
    return Answer.NONE;
  }

  /**
   * {@code get-token [-p NAME] [-f FLOW] [--scope S] [--tenant T] [--silent] [--min-validity N] [--force]} with
   * {@code [-o FILE]} or {@code [--exec-credential]}, answered by the session tier of the {@link TokenCache}; without
   * such an entry that answers it, that call goes back as a {@link PlainGetToken} for the command to run. The token
   * is printed as the full path prints it, through {@link TokenOutput} (bare, or kubectl's ExecCredential); any other
   * option ({@code --json}) is not listed here, so the full command line serves it.
   */
  private Answer getToken(String[] args) {
    Map<String, String> options = options(args, GET_TOKEN_OPTIONS);
    boolean exec = options != null && options.containsKey("--exec-credential");
    if (options == null || (exec && options.containsKey("--output-file"))) {
      return Answer.NONE; // the full path reports what is wrong
    }
    // an ExecCredential version it does not know: the full path reports it (a RuntimeException: not handled)
    ExecInfo execInfo = exec ? ExecInfo.parse(env.get(ExecInfo.VARIABLE).orElse(null),
        (terminal != null ? terminal : Terminal.detect()).stdinIsTerminal()) : null;
    String minutes = options.get("--min-validity");
    boolean silent = options.containsKey("--silent");
    // what is not a small number is -1 here: TokenQuery refuses it and the full path reports it
    TokenQuery query = new TokenQuery(options.get("--profile"), options.get("--flow"), options.get("--scope"),
        minutes == null ? null : smallNumber(minutes), options.containsKey("--force"), options.get("--tenant"), null,
        null);
    String file = options.get("--output-file");
    Path outputFile = file == null ? null : Path.of(file);
    AppPaths paths = AppPaths.from(env);
    Optional<AccessToken> token = new TokenService(new TokenCache(paths), clock, null).cachedInSession(query,
        new ProfileStore(paths.profilesFile()));
    if (token.isEmpty()) {
      return new Answer(NOT_HANDLED, new PlainGetToken(query, silent, outputFile, exec));
    }
    Held held = new Held();
    held.status(TokenOutput.authenticating(query.profileName()));
    try {
      String text = execInfo != null ? TokenOutput.execCredential(token.get(), execInfo.apiVersion())
          : token.get().token();
      TokenOutput.deliver(text, outputFile, TokenOutput.ACQUIRED, held);
    } catch (RuntimeException e) {
      return Answer.NONE; // nothing printed yet: the full path tries again and reports it
    }
    if (!silent) {
      err.print(held.status);
      err.flush();
    }
    if (held.result != null) {
      out.println(held.result);
      out.flush();
    }
    return new Answer(ExitCode.SUCCESS.code(), null);
  }

  /** {@code __profiles}: what the hidden command of that name prints, from the same {@link ProfileStore#names}. */
  private int profileNames() {
    out.println(String.join("\n", new ProfileStore(AppPaths.from(env).profilesFile()).names()));
    out.flush();
    return ExitCode.SUCCESS.code();
  }

  /** {@code inspect -f FILE}. */
  private int inspect(String[] args) {
    Map<String, String> options = options(args, List.of("-f|--file="));
    if (options == null || !options.containsKey("--file")) {
      return NOT_HANDLED;
    }
    String token = TokenText.fromFile(Path.of(options.get("--file")));
    return print(TokenReport.inspect(token, TokenReport.View.CLAIMS, clock.instant(),
        (terminal != null ? terminal : Terminal.detect()).stderrIsTerminal()));
  }

  /** {@code discover -f FILE [-q] [--min-validity N]}, without --json. */
  private int discover(String[] args) {
    Map<String, String> options = options(args, List.of("-f|--file=", "--min-validity=", "-q|--quiet"));
    if (options == null || !options.containsKey("--file")) {
      return NOT_HANDLED;
    }
    String minutes = options.get("--min-validity");
    // what is not a small number is -1 here, a usage error for the full path to report
    Duration minValidity = TokenReport.minValidity(minutes == null ? null : smallNumber(minutes));
    String token = TokenText.fromFile(Path.of(options.get("--file")));
    return print(TokenReport.discover(token, minValidity, false, options.containsKey("--quiet"), clock.instant()));
  }

  /** A report printed as the commands print it: the result on stdout, then the status line on stderr. */
  private int print(TokenReport report) {
    if (report.result() != null) {
      out.println(report.result());
      out.flush();
    }
    if (report.status() != null) {
      err.println(report.status());
      err.flush();
    }
    return report.exitCode();
  }

  /** A delivery's lines, held until it has succeeded: a failed -o write leaves the full path to report it. */
  private static final class Held implements TokenOutput.Sink {
    final StringBuilder status = new StringBuilder();
    String result;

    @Override
    public void status(String line) {
      status.append(line).append(System.lineSeparator());
    }

    @Override
    public void result(String text) {
      result = text;
    }
  }

  /**
   * The options after the subcommand, keyed by their long name: {@code "-f|--file="} takes a value, {@code
   * "--silent"} does not. Null for anything picocli might read differently: an unknown or repeated option, a
   * missing value, a value that looks like an option, {@code --opt=value} or clustered short options.
   */
  private static Map<String, String> options(String[] args, List<String> specs) {
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

  private static String spec(String arg, List<String> specs) {
    for (String spec : specs) {
      for (String name : spec.replace("=", "").split("\\|")) {
        if (name.equals(arg)) {
          return spec;
        }
      }
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
