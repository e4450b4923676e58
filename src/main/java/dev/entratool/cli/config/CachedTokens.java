package dev.entratool.cli.config;

import dev.entratool.cache.CacheFiles;
import dev.entratool.cli.AppContext;
import dev.entratool.console.Console;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import java.io.IOException;

/** A profile's cached tokens, dropped when its settings change (edit, import --overwrite). */
final class CachedTokens {
  private CachedTokens() {}

  /**
   * Removes the cache file and the fast-path entries: tokens cached for an old tenant, app or authority must not
   * answer for the new settings. A failure is a warning; the change itself stands.
   */
  static void forget(AppContext context, Console console, SecretStore secrets, String profile) {
    try {
      CacheFiles.delete(context.paths(), profile);
      secrets.delete(profile, SecretKind.FAST_TOKEN);
    } catch (IOException e) {
      console.warn("Warning: could not remove the cached tokens of '" + profile + "': " + e.getMessage());
    }
  }
}
