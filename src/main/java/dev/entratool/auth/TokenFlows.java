package dev.entratool.auth;

import dev.entratool.cache.EncryptedTokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.platform.AppPaths;
import dev.entratool.profile.AuthMethod;
import dev.entratool.profile.Flow;
import dev.entratool.profile.Profile;
import dev.entratool.secret.SecretStore;
import java.time.Clock;

/** The one place that picks the flow for a profile and a requested flow. */
public final class TokenFlows {
  private final MsalApps apps;
  private final SecretStore secrets;
  private final AppPaths paths;
  private final Clock clock;

  public TokenFlows(ConnectionSettings connection, SecretStore secrets, AppPaths paths, Clock clock) {
    this.apps = new MsalApps(connection);
    this.secrets = secrets;
    this.paths = paths;
    this.clock = clock;
  }

  /** The flow to run: {@code requested} if given, else the profile's default. */
  public static Flow chooseFlow(Profile profile, Flow requested) {
    if (requested != null) {
      return requested;
    }
    if (profile.defaultFlow() != null) {
      return profile.defaultFlow();
    }
    return profile.authMethod() == AuthMethod.None ? Flow.InteractiveBrowser : Flow.ClientCredentials;
  }

  public TokenFlow forProfile(Profile profile, Flow flow) {
    EncryptedTokenCache cache = new EncryptedTokenCache(paths, profile.name(), secrets);
    return switch (flow) {
      case ClientCredentials -> new ClientCredentialsFlow(apps, secrets, cache, clock);
      default -> throw EntraToolException.usage("The " + flow + " flow is not available in this version of "
          + "entratool yet", "Use -f ClientCredentials with a client secret or certificate profile");
    };
  }
}
