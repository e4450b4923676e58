package dev.entratool.cli;

import dev.entratool.auth.AccessToken;
import dev.entratool.auth.TokenQuery;
import dev.entratool.cli.fast.FastPath;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.output.ExecInfo;
import dev.entratool.output.TokenOutput;
import dev.entratool.profile.Flow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code get-token}: a token for a profile, on stdout. */
@Command(
    name = "get-token",
    header = "Get an access token for a profile (cached while it stays valid).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Prints the access token on stdout and status on stderr, so TOKEN=$(entratool get-token -p NAME --silent)",
      "works in scripts. A cached token is reused while it has more than --min-validity minutes left."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool get-token -p graph-sp",
      "  entratool get-token -p graph-sp -f ClientCredentials",
      "  entratool get-token -p arm-sp --scope \"https://management.azure.com/.default\"",
      "  entratool get-token -p multi-tenant-app --tenant fabrikam.onmicrosoft.com",
      "  entratool get-token -p graph-user --claims-challenge \"$WWW_AUTHENTICATE\"",
      "  entratool get-token -p middle-tier -f OnBehalfOf --assertion-file incoming.jwt",
      "  TOKEN=$(entratool get-token -p graph-sp --silent)",
      "  entratool get-token -p graph-sp -o token.txt",
      "  entratool get-token -p graph-sp --json | jq -r .expiresOn",
      "  entratool get-token --from-env --scope \"https://management.azure.com/.default\"",
      "  entratool get-token --managed-identity --scope \"https://vault.azure.net/.default\"",
      "  entratool get-token -p aks --exec-credential --scope 6dae42f8-4368-4678-94ff-3960e28e3630/.default",
      "  ENTRATOOL_CA_BUNDLE=/etc/ssl/corp-ca.pem entratool get-token -p graph-sp --timeout 30s"
    })
public final class GetTokenCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;
  @Mixin ProfileOption profileOption;

  @Option(names = {"-f", "--flow"}, paramLabel = "FLOW", completionCandidates = FlowCandidates.class,
      description = "ClientCredentials, AuthorizationCode, "
      + "DeviceCode, InteractiveBrowser or OnBehalfOf (default: the profile's)")
  String flow;

  @Option(names = "--scope", paramLabel = "SCOPES", description = "Scopes for this call, space- or comma-separated "
      + "(default: the profile's); a bare permission after a resource-qualified one gets that resource")
  String scope;

  @Mixin OutputOptions output;

  @Option(names = "--exec-credential", description = "Print a kubectl ExecCredential (JSON): for a kubeconfig's exec "
      + "stanza (see 'entratool kubeconfig'); reads KUBERNETES_EXEC_INFO")
  boolean execCredential;

  @Option(names = "--force", description = "Ignore cached tokens and ask the authority")
  boolean force;

  @Option(names = "--min-validity", paramLabel = "MINUTES", defaultValue = TokenQuery.DEFAULT_MIN_VALIDITY_MINUTES,
      description = "Reuse a cached token only if it stays valid this many minutes (default: ${DEFAULT-VALUE})")
  int minValidity;

  @Option(names = "--port", paramLabel = "PORT", description = "Loopback port for the browser flows' redirect "
      + "(http://localhost:PORT must be a redirect URI of the app registration)")
  Integer port;

  @Mixin RequestOptions request;
  @Mixin AssertionOptions assertion;
  @Mixin ConnectionOptions connection;
  @Mixin UnsavedProfileOptions unsaved;

  GetTokenCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TokenQuery query = request.query(context, profileOption.name(), flow, scope, minValidity, force, assertion);
    return run(context, query, output, execCredential, port, connection, unsaved, spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  /**
   * A plain get-token that the start-up front end has read but not answered: run as the command line would run it,
   * its other options at their defaults, without building the command line. Failures are reported as there.
   */
  public static int run(AppContext context, FastPath.PlainGetToken call, PrintWriter out, PrintWriter err) {
    OutputOptions output = new OutputOptions();
    output.silent = call.silent();
    output.outputFile = call.outputFile();
    try {
      return run(context, call.query(), output, call.execCredential(), null, new ConnectionOptions(),
          new UnsavedProfileOptions(), out, err);
    } catch (RuntimeException e) {
      return Console.printFailure(e, err, false, "entratool get-token");
    }
  }

  /** get-token once its options are read. */
  private static int run(AppContext context, TokenQuery query, OutputOptions output, boolean execCredential,
      Integer port, ConnectionOptions connection, UnsavedProfileOptions unsaved, PrintWriter out, PrintWriter err) {
    Console console = context.console(out, err).quiet(output.silent);
    TokenDelivery.checkTarget(output);
    ExecInfo exec = null;
    if (execCredential) {
      if (output.json || output.outputFile != null) {
        throw EntraToolException.usage("--exec-credential cannot be combined with --json or -o",
            "kubectl reads the ExecCredential from stdout: drop --json and -o");
      }
      exec = ExecInfo.parse(context.env().get(ExecInfo.VARIABLE).orElse(null), context.terminal().stdinIsTerminal());
    }
    TokenQuery.Resolved resolved = unsaved.resolve(query, context);
    if (port != null && (port < 1 || port > 65535)) {
      throw EntraToolException.usage("--port must be between 1 and 65535", null);
    }
    console.status(TokenOutput.authenticating(resolved.profile().name()));
    boolean interactive = exec == null || exec.interactive();
    AccessToken token = unsaved.tokens(context, console, connection, port, resolved.profile(), interactive)
        .get(resolved);
    Flow chosen = resolved.flow();
    boolean browserSignIn = token.source() == AccessToken.Source.SIGN_IN
        && (chosen == Flow.InteractiveBrowser || chosen == Flow.AuthorizationCode);
    TokenDelivery.deliver(output, console, exec == null ? null : TokenOutput.execCredential(token, exec.apiVersion()),
        token, browserSignIn ? "✓ Token acquired" : TokenOutput.ACQUIRED);
    return 0;
  }
}
