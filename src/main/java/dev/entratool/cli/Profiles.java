package dev.entratool.cli;

import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.profile.Scopes;
import java.util.List;

/** Which profile a command means: {@code -p NAME}, else the one named {@code default}. */
public final class Profiles {
  static final String DEFAULT = "default";

  private Profiles() {}

  /** The scopes for this call: --scope's (parsed and checked) or the profile's. */
  public static List<String> scopes(Profile profile, String scopeFlag) {
    if (scopeFlag == null) {
      return profile.scopes();
    }
    List<String> scopes = Scopes.parse(scopeFlag);
    if (scopes.isEmpty()) {
      throw EntraToolException.usage("--scope is empty", "Give at least one scope, e.g. --scope "
          + "\"https://graph.microsoft.com/.default\"");
    }
    for (String s : scopes) {
      String problem = Scopes.problem(s);
      if (problem != null) {
        throw EntraToolException.usage("Invalid --scope: " + problem, null);
      }
    }
    return scopes;
  }

  static Profile resolve(ProfileStore store, String name) {
    if (name != null) {
      return store.require(name);
    }
    List<Profile> all = store.list();
    return all.stream().filter(p -> p.name().equals(DEFAULT)).findFirst().orElseThrow(() -> all.isEmpty()
        ? EntraToolException.usage("No profile given (-p NAME), and there are no profiles yet",
            "Create one with 'entratool config create'")
        : EntraToolException.usage("No profile given (-p NAME), and none is named 'default'",
            "Choose one with -p: " + String.join(", ", all.stream().map(Profile::name).toList())));
  }
}
