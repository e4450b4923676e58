package dev.entratool.cli;

import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import dev.entratool.profile.Scopes;
import java.util.List;

/** The scopes a call asks for. (Which profile it means is {@code ProfileStore.resolve}'s rule.) */
public final class Profiles {
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
}
