package dev.entratool.cli;

import dev.entratool.cache.TokenCache;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.profile.Profile;

/** {@code inspect -p}/{@code discover -p}: the newest access token in a profile's cache. */
final class CachedProfileToken {
  private CachedProfileToken() {}

  static String newest(AppContext context, Console console, String name) {
    Profile profile = context.profiles().require(name);
    return new TokenCache(context.paths(), () -> context.secrets(console)).newest(profile.name())
        .orElseThrow(() -> new EntraToolException(ExitCode.NO_TOKEN, "No cached token for profile '" + name + "'",
            "Get one first: entratool get-token -p " + name));
  }
}
