package dev.entratool.cli;

import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import java.util.List;

/** Which profile a command means: {@code -p NAME}, else the one named {@code default}. */
final class Profiles {
  static final String DEFAULT = "default";

  private Profiles() {}

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
