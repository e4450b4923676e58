package dev.entratool.cache;

import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import dev.entratool.secret.SecretStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one owner of cached tokens, in every tier: the encrypted MSAL cache file of each profile
 * ({@link EncryptedTokenCache}, the truth, with refresh tokens), and the session tier that serves cache hits quickly,
 * the newest access token of each profile ({@link FastToken}) in the session's runtime directory when it is private
 * memory ({@link RuntimeDirTokens}), else in the Secret Service. Which cached token answers a request is
 * {@link TokenKey#answeredBy}, for both tiers.
 */
public final class TokenCache {
  private final AppPaths paths;
  private final Supplier<SecretStore> secrets;

  /** @param secrets opened when a call needs it: the session tier is read without it */
  public TokenCache(AppPaths paths, Supplier<SecretStore> secrets) {
    this.paths = paths;
    this.secrets = secrets;
  }

  /** For {@link #findInSession} only, as the start-up fast path reads: no secret store. */
  public TokenCache(AppPaths paths) {
    this(paths, null);
  }

  /**
   * The session tier's token for {@code profile} that answers {@code key} valid at {@code validUntil}: the runtime
   * directory's entry, else (with no entry there) the Secret Service's, read over a D-Bus socket without opening the
   * secret store. Loads neither MSAL, nor a JSON library, nor a crypto provider.
   *
   * @param env where the Secret Service is, and whether the secret store is configured to be it
   */
  public Optional<String> findInSession(String profile, TokenKey key, Instant validUntil, Environment env) {
    Optional<FastToken> entry = sessionEntry(profile, key, validUntil, env);
    return entry.isPresent() ? Optional.of(entry.get().token()) : Optional.empty();
  }

  /** {@link #findInSession}'s entry, with the token's expiry (for a kubectl ExecCredential). */
  public Optional<FastToken> sessionEntry(String profile, TokenKey key, Instant validUntil, Environment env) {
    Optional<RuntimeDirTokens> runtime = RuntimeDirTokens.of(paths);
    Optional<String> entry = runtime.isPresent() ? runtime.get().read(profile) : Optional.empty();
    if (entry.isEmpty()) {
      entry = SecretStores.peek(env, profile, SecretKind.FAST_TOKEN);
    }
    Optional<FastToken> token = entry.isPresent() ? FastToken.parse(entry.get()) : Optional.empty();
    return token.isPresent() && token.get().answers(key, validUntil) ? token : Optional.empty();
  }

  /**
   * The file of the profile's entry in the runtime directory, if there is one: for the build's class-data training,
   * which writes an entry where no private memory is to be had.
   */
  public Optional<Path> sessionFile(String profile) {
    Optional<RuntimeDirTokens> runtime = RuntimeDirTokens.of(paths);
    return runtime.isPresent() ? Optional.of(runtime.get().fileFor(profile)) : Optional.empty();
  }

  /** The profile's encrypted tier: MSAL's cache aspect, its single-flight lock, and its own lookups. */
  public EncryptedTokenCache encrypted(String profile) {
    return new EncryptedTokenCache(paths, profile, secrets.get());
  }

  /** The newest access token in the profile's encrypted cache, whatever it is for ({@code inspect -p}). */
  public Optional<String> newest(String profile) {
    return encrypted(profile).accessTokens().stream().findFirst().map(EncryptedTokenCache.CachedAccessToken::secret);
  }

  /**
   * Keeps {@code token}, which answers {@code key}, in the session tier: in the runtime directory when it is private
   * memory, else in the secret store when it can serve it quickly; unless the entry there already holds this token.
   * Best effort: a refused write costs a cache hit its speed, never the command (the encrypted tier has the token).
   *
   * @param fromCache the token came from the cache, so the session tier may already hold it
   */
  public void store(String profile, TokenKey key, String token, Instant expiresOn, boolean fromCache) {
    String entry = FastToken.of(key, expiresOn, token).format();
    try {
      Optional<RuntimeDirTokens> runtime = RuntimeDirTokens.of(paths);
      if (runtime.isPresent()) {
        if (fromCache && holds(runtime.get().read(profile), token)) {
          return;
        }
        if (runtime.get().write(profile, entry)) {
          return;
        }
      }
      SecretStore store = secrets.get();
      if (!store.keepsFastTokens()) {
        return;
      }
      if (fromCache && holds(store.read(profile, SecretKind.FAST_TOKEN), token)) {
        return;
      }
      store.write(profile, SecretKind.FAST_TOKEN, entry);
    } catch (IOException | RuntimeException e) {
      // the full path keeps working from the encrypted cache
    }
  }

  private static boolean holds(Optional<String> entry, String token) {
    Optional<FastToken> stored = entry.flatMap(FastToken::parse);
    return stored.isPresent() && stored.get().token().equals(token);
  }

  /**
   * Removes every tier of the profile's cached tokens: the encrypted cache file (its access and refresh tokens and
   * signed-in accounts) with its locks, the runtime directory's entry and the Secret Service's (the cache key stays:
   * it secures no token once the file is gone). True when any tier held something.
   */
  public boolean forget(String profile) throws IOException {
    boolean removed = false;
    Optional<RuntimeDirTokens> runtime = RuntimeDirTokens.of(paths);
    if (runtime.isPresent()) {
      removed = runtime.get().delete(profile);
    }
    Path file = CacheFiles.fileFor(paths, profile);
    Files.deleteIfExists(CacheFiles.lockFor(file));
    Files.deleteIfExists(CacheFiles.fetchLockFor(file));
    removed |= Files.deleteIfExists(file);
    SecretStore store = secrets.get();
    removed |= store.read(profile, SecretKind.FAST_TOKEN).isPresent();
    store.delete(profile, SecretKind.FAST_TOKEN);
    return removed;
  }
}
