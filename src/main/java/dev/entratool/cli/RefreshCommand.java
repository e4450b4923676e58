package dev.entratool.cli;

import dev.entratool.auth.AccessToken;
import dev.entratool.auth.TokenQuery;
import dev.entratool.auth.TokenService;
import dev.entratool.console.Console;
import dev.entratool.output.TokenOutput;
import dev.entratool.profile.Flow;
import dev.entratool.profile.Profile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code refresh}: a new token from the cached refresh token, always from the authority. */
@Command(
    name = "refresh",
    header = "Refresh a signed-in profile's token with its cached refresh token.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Always asks the authority (even if the cached token is still valid) and stores",
      "the rotated refresh token. Needs an earlier sign-in with a user flow",
      "(DeviceCode, InteractiveBrowser, AuthorizationCode). Client Credentials has no",
      "refresh token: for such a profile this gets a new token instead. A refresh",
      "cannot carry the claims of a challenge (--claims, --claims-challenge): for a",
      "user flow, they are asked for by a new sign-in instead."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool refresh -p myprofile",
      "  entratool refresh -p myprofile --silent",
      "  entratool refresh -p multi-tenant-app --tenant fabrikam.onmicrosoft.com",
      "  entratool refresh -p myprofile --claims-challenge \"$WWW_AUTHENTICATE\"",
      "  entratool refresh -p myprofile --scope \"https://graph.microsoft.com/Mail.Read\" --json"
    })
final class RefreshCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;
  @Mixin ProfileOption profileOption;

  @Option(names = "--scope", paramLabel = "SCOPES", description = "Scopes for the new token (default: the "
      + "profile's)")
  String scope;

  @Mixin OutputOptions output;
  @Mixin RequestOptions request;
  @Mixin ConnectionOptions connection;

  RefreshCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr())
        .quiet(output.silent);
    TokenDelivery.checkTarget(output);
    TokenQuery.Resolved query = request.query(context, profileOption.name(), null, scope, 0, true, null)
        .resolve(context.profiles());
    Profile profile = query.profile();
    TokenService tokens = FlowFactory.tokens(context, console, connection, null);
    if (query.flow() == Flow.ClientCredentials) {
      console.status("Client Credentials has no refresh token: getting a new token for profile '" + profile.name()
          + "' instead...");
      TokenDelivery.deliver(output, console, tokens.get(query), TokenOutput.ACQUIRED);
      return 0;
    }
    console.status(query.claims() == null ? "Refreshing token for profile '" + profile.name() + "'..."
        : "A refresh cannot carry the claims: signing in again for profile '" + profile.name() + "'...");
    AccessToken token = tokens.refresh(query);
    TokenDelivery.deliver(output, console, token, token.source() == AccessToken.Source.SIGN_IN
        ? TokenOutput.ACQUIRED : "✓ Token refreshed successfully");
    return 0;
  }
}
