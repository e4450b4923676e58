package dev.entratool.cli;

import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.auth.TokenService;
import dev.entratool.auth.TokenQuery;
import dev.entratool.profile.Profile;
import dev.entratool.profile.Scopes;
import dev.entratool.profile.TransientProfiles;
import dev.entratool.secret.EnvironmentSecrets;
import dev.entratool.secret.SecretStore;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code get-token}'s ways to run without a saved profile: the environment's app, or the host's identity. */
final class UnsavedProfileOptions {
  @Option(names = "--from-env", description = "No saved profile: the app from AZURE_TENANT_ID, AZURE_CLIENT_ID and "
      + "one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH (+ _PASSWORD), AZURE_FEDERATED_TOKEN_FILE")
  boolean fromEnv;

  @Option(names = "--managed-identity", description = "No saved profile: the host's managed identity")
  boolean managedIdentity;

  @Option(names = "--mi-client-id", paramLabel = "GUID", description = "With --managed-identity: a user-assigned "
      + "identity's client ID")
  String miClientId;

  /** The query resolved against the unsaved profile these options ask for, else against the saved profiles. */
  TokenQuery.Resolved resolve(TokenQuery query, AppContext context) {
    String profileName = query.profile();
    String scope = query.scope();
    if (miClientId != null && !managedIdentity) {
      throw EntraToolException.usage("--mi-client-id goes with --managed-identity", null);
    }
    if (!fromEnv && !managedIdentity) {
      return query.resolve(context.profiles());
    }
    if (fromEnv && managedIdentity || profileName != null) {
      throw EntraToolException.usage((profileName != null ? "-p and " : "") + (fromEnv ? "--from-env" : "")
          + (fromEnv && managedIdentity ? " and " : "") + (managedIdentity ? "--managed-identity" : "")
          + " exclude each other", "Give one way to sign in");
    }
    if (scope == null) {
      throw EntraToolException.usage((fromEnv ? "--from-env" : "--managed-identity") + " needs --scope",
          "Add e.g. --scope \"https://management.azure.com/.default\"");
    }
    List<String> scopes = Scopes.parse(scope);
    return query.resolve(fromEnv ? TransientProfiles.fromEnvironment(context.env(), scopes)
        : TransientProfiles.managedIdentity(miClientId, scopes));
  }

  /**
   * The token service for the query's profile: an unsaved one reads its client secret from the environment, not a
   * store.
   */
  TokenService tokens(AppContext context, Console console, ConnectionOptions connection, Integer port,
      Profile profile, boolean interactive) {
    Supplier<SecretStore> secrets = fromEnv || managedIdentity
        ? () -> new EnvironmentSecrets(context.secrets(console), context.env(), profile.name())
        : () -> context.secrets(console);
    return FlowFactory.tokens(context, console, connection, port, secrets, interactive);
  }
}
