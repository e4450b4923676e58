package dev.entratool.cache;

import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.SecureFiles;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one owner of cached tokens, in every tier, and the only class outside this package that knows they exist:
 * the encrypted tier ({@link EncryptedTier}: each profile's MSAL cache file, the truth, with refresh tokens, sealed
 * under a key in the secret store) and the session tier ({@link SessionTier}: each profile's newest access token in
 * a private folder in memory, read without the secret store). Which cached token answers a request is
 * {@link TokenKey#answeredBy}, for both tiers. Not thread-safe: one per run.
 */
public final class TokenCache {
  private final AppPaths paths;
  private final Supplier<SecretStore> secrets;
  private final Consumer<String> verbose;
  private final Map<String, EncryptedTier> encrypted = new HashMap<>();

  /** A cached access token and the scopes it was granted; {@link #toString()} never shows it. */
  public record Hit(String token, Instant expiresOn, Set<String> scopes) {
    @Override
    public String toString() {
      return "Hit[expiresOn=" + expiresOn + "]";
    }
  }

  /**
   * @param secrets opened when a call needs it: the session tier is read without it
   * @param verbose where to say (--verbose) where the session tier keeps a token, or why it keeps none; or null
   */
  public TokenCache(AppPaths paths, Supplier<SecretStore> secrets, Consumer<String> verbose) {
    this.paths = paths;
    this.secrets = secrets;
    this.verbose = verbose;
  }

  public TokenCache(AppPaths paths, Supplier<SecretStore> secrets) {
    this(paths, secrets, null);
  }

  /** For {@link #findInSession} and {@link #store} only, as the start-up fast path needs: no secret store. */
  public TokenCache(AppPaths paths) {
    this(paths, null, null);
  }

  /**
   * The session tier's token for {@code profile} that answers {@code key} valid at {@code validUntil}. Loads neither
   * MSAL, nor a JSON library, nor a crypto provider, and opens no secret store.
   */
  public Optional<Hit> findInSession(String profile, TokenKey key, Instant validUntil) {
    Optional<SessionTier.Entry> entry = new SessionTier(paths).read(profile);
    return entry.isPresent() && entry.get().answers(key, validUntil) ? Optional.of(hit(entry.get())) : Optional.empty();
  }

  /**
   * The session tier's token for {@code profile} when it was kept for a query of {@code origin} (the same query
   * against the same version of profiles.json: see TokenQuery's origin), valid at {@code validUntil}. Such a token
   * answers as its key would, without the profile being read.
   */
  public Optional<Hit> findInSession(String profile, String origin, Instant validUntil) {
    Optional<SessionTier.Entry> entry = new SessionTier(paths).read(profile);
    return entry.isPresent() && entry.get().answers(origin, validUntil) ? Optional.of(hit(entry.get()))
        : Optional.empty();
  }

  private static Hit hit(SessionTier.Entry entry) {
    return new Hit(entry.token(), entry.expiresOn(), entry.scopes());
  }

  /**
   * The encrypted tier's newest token for {@code profile} that answers {@code key} valid at {@code validUntil}. Its
   * authority is the key's: the file holds one profile's tokens and is forgotten whenever the profile changes (MSAL's
   * own fields name the tenant by id, where the profile may name it by domain).
   */
  public Optional<Hit> findInFile(String profile, TokenKey key, Instant validUntil) {
    return encrypted(profile).find(key, validUntil).map(t -> new Hit(t.secret(), t.expiresOn(), t.scopes()));
  }

  /** The profile's encrypted tier as MSAL's cache: read and written under the cache file's lock. */
  public ITokenCacheAccessAspect msalCache(String profile) {
    return encrypted(profile).aspect(); // not the tier itself: that would load MSAL with this class (a cache hit's)
  }

  /**
   * Held while this process asks the authority for the profile's tokens: parallel runs that miss the cache wait
   * here, then find the token the first one stored (see {@link EncryptedTier#singleFlight}).
   */
  public SecureFiles.Held singleFlight(String profile) {
    return encrypted(profile).singleFlight();
  }

  /** True when the encrypted tier holds a refresh token for the profile (a user flow signed in before). */
  public boolean hasRefreshToken(String profile) {
    return encrypted(profile).hasRefreshToken();
  }

  /**
   * Keeps in the encrypted tier an access token that no MSAL app with this cache handed out (a managed identity's,
   * the Azure CLI's), so that {@link #findInFile} answers it like any other.
   */
  public void keep(String profile, TokenKey key, String token, Instant expiresOn) {
    encrypted(profile).keep(key, token, expiresOn);
  }

  /** Makes the profile's cache key before a sign-in prompts (see {@link EncryptedTier#prepare}). */
  public void prepare(String profile) {
    encrypted(profile).prepare();
  }

  /** Why the tokens MSAL last handed out for the profile could not be saved, if they could not. */
  public Optional<RuntimeException> unsaved(String profile) {
    return encrypted(profile).unsaved();
  }

  /** The newest access token in the profile's encrypted tier, whatever it is for ({@code inspect -p}). */
  public Optional<String> newest(String profile) {
    return encrypted(profile).accessTokens().stream().findFirst().map(EncryptedTier.CachedAccessToken::secret);
  }

  private EncryptedTier encrypted(String profile) {
    EncryptedTier tier = encrypted.get(profile);
    if (tier == null) {
      tier = new EncryptedTier(paths, profile, secrets.get());
      encrypted.put(profile, tier);
    }
    return tier;
  }

  /**
   * Where the session tier keeps the profile's entry in the runtime directory, if there is one: for tests, which
   * look there.
   */
  public Optional<Path> sessionFile(String profile) {
    return new SessionTier(paths).runtimeFile(profile);
  }

  /**
   * Keeps {@code token}, which answers {@code key}, in the session tier ({@link SessionTier}: the runtime directory,
   * else this user's folder on the memory file system). Best effort: a refused write costs the next cache hit its
   * speed, never the command (the encrypted tier has the token).
   *
   * @param origin the query's origin (see {@link #findInSession(String, String, Instant)}), or null for none
   */
  public void store(String profile, TokenKey key, String origin, String token, Instant expiresOn) {
    try {
      Path file = new SessionTier(paths).write(profile, SessionTier.Entry.of(key, origin, expiresOn, token));
      say("Session cache: token kept until it expires in " + file);
    } catch (SessionTier.Refused | IOException | RuntimeException e) {
      say("Session cache: not used (" + e.getMessage() + "); cached tokens come from the encrypted cache");
    }
  }

  private void say(String line) {
    if (verbose != null) {
      verbose.accept(line);
    }
  }

  /**
   * Removes every tier of the profile's cached tokens: the encrypted cache file (its access and refresh tokens and
   * signed-in accounts) with its locks, and the session tier's entries (the cache key stays: it secures no token once
   * the file is gone). Also the copy of the newest access token an older entratool kept in the secret store, so none
   * is left behind. True when any tier held something.
   */
  public boolean forget(String profile) throws IOException {
    boolean removed = new SessionTier(paths).delete(profile);
    removed |= EncryptedTier.delete(paths, profile);
    encrypted.remove(profile);
    SecretStore store = secrets.get();
    removed |= store.read(profile, SecretKind.RETIRED_ACCESS_TOKEN).isPresent();
    store.delete(profile, SecretKind.RETIRED_ACCESS_TOKEN);
    return removed;
  }
}
