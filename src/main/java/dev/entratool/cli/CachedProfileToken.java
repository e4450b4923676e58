package dev.entratool.cli;

import dev.entratool.cache.EncryptedTokenCache;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.profile.Profile;

/** {@code inspect -p}/{@code discover -p}: the newest access token in a profile's cache. */
final class CachedProfileToken {
  private CachedProfileToken() {}

  static String newest(AppContext context, Console console, String name) {
    Profile profile = context.profiles().require(name);
    return new EncryptedTokenCache(context.paths(), profile.name(), context.secrets(console)).accessTokens()
        .stream().findFirst().map(EncryptedTokenCache.CachedAccessToken::secret)
        .orElseThrow(() -> new EntraToolException(ExitCode.NO_TOKEN, "No cached token for profile '" + name + "'",
            "Get one first: entratool get-token -p " + name));
  }
}
