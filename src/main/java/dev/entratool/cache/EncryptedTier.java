package dev.entratool.cache;

import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.json.PrettyJson;
import dev.entratool.json.StrictJson;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.SecureFiles;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token cache's encrypted tier: a profile's MSAL token cache as one file, {@code <home>/cache/<profile>.tokens}
 * (with its {@code .lock} and {@code .fetch.lock} beside it), sealed with AES-256-GCM under a random key kept in the secret store (so
 * the cache is as safe as the secrets). Also the MSAL cache aspect: the file lock is held from MSAL's
 * before-access to its after-access, so parallel runs never interleave a read-modify-write, and writes are atomic.
 */
final class EncryptedTier implements ITokenCacheAccessAspect {
  private static final byte[] MAGIC = "ETC1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String profile;
  private final Path file;
  private final Path lockFile;
  private final Path fetchLockFile;
  private final SecretStore secrets;
  private SecretKeySpec key;
  private SecureFiles.Held held;
  private volatile RuntimeException unsaved; // set on an MSAL thread

  EncryptedTier(AppPaths paths, String profile, SecretStore secrets) {
    this.profile = profile;
    this.file = fileFor(paths, profile);
    this.lockFile = lockFor(file);
    this.fetchLockFile = fetchLockFor(file);
    this.secrets = secrets;
  }

  /** The names an older entratool running beside this one uses too: never change them. */
  static Path fileFor(AppPaths paths, String profile) {
    return paths.cacheDir().resolve(profile + ".tokens");
  }

  /** The lock beside a file of tokens (the cache file, or a session-tier entry). */
  static Path lockFor(Path tokensFile) {
    return tokensFile.resolveSibling(tokensFile.getFileName() + ".lock");
  }

  static Path fetchLockFor(Path cacheFile) {
    return cacheFile.resolveSibling(cacheFile.getFileName() + ".fetch.lock");
  }

  /** Removes the profile's cache file and its locks. */
  static boolean delete(AppPaths paths, String profile) throws IOException {
    Path file = fileFor(paths, profile);
    Files.deleteIfExists(lockFor(file));
    Files.deleteIfExists(fetchLockFor(file));
    return Files.deleteIfExists(file);
  }

  /**
   * An access token from the cache.
   *
   * @param forUser true for a signed-in person's token (it has an account), false for an app's own token
   * @param realm the tenant MSAL kept it under
   */
  record CachedAccessToken(String secret, Set<String> scopes, Instant expiresOn, String clientId,
      boolean forUser, String realm) {
    @Override
    public String toString() {
      return "CachedAccessToken[scopes=" + scopes + ", expiresOn=" + expiresOn + "]"; // never the token
    }
  }

  // ---- MSAL aspect ----

  ITokenCacheAccessAspect aspect() {
    return this;
  }

  @Override
  public void beforeCacheAccess(ITokenCacheAccessContext ctx) {
    try {
      held = SecureFiles.acquire(lockFile);
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot lock the token cache " + lockFile + ": "
          + e.getMessage(), null, e);
    }
    readJson().ifPresent(json -> ctx.tokenCache().deserialize(json));
  }

  /**
   * Saves what MSAL changed. A failed save (a full disk, say) is kept for {@link #unsaved}, not thrown: thrown here, it
   * would fail MSAL's call and throw away a token the authority has already issued.
   */
  @Override
  public void afterCacheAccess(ITokenCacheAccessContext ctx) {
    try {
      if (ctx.hasCacheChanged()) {
        write(ctx.tokenCache().serialize());
        unsaved = null;
      }
    } catch (RuntimeException e) {
      unsaved = e;
    } finally {
      if (held != null) {
        held.close();
        held = null;
      }
    }
  }

  /**
   * Held while this process asks the authority for the profile's tokens. Parallel runs that miss the cache wait
   * here, then find the token the first one stored: one request instead of one per process (and no race between
   * two refreshes of a rotating refresh token). Not the cache file's lock: MSAL takes that one on its own threads
   * during the request.
   */
  SecureFiles.Held singleFlight() {
    try {
      return SecureFiles.acquire(fetchLockFile);
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot lock the token cache " + fetchLockFile + ": "
          + e.getMessage(), "Check that " + fetchLockFile.getParent() + " is writable", e);
    }
  }

  /** Why the tokens MSAL last handed out could not be saved, if they could not: they are good, just not kept. */
  Optional<RuntimeException> unsaved() {
    return Optional.ofNullable(unsaved);
  }

  /**
   * Keeps an access token that no MSAL app with this cache handed out (a managed identity's, the Azure CLI's) as MSAL
   * keeps its own, so that {@link #find} answers it like any other; it replaces one kept before for the same owner
   * tenant and scopes. A failed save is kept for {@link #unsaved}, as MSAL's are.
   */
  void keep(TokenKey key, String token, Instant expiresOn) {
    try (SecureFiles.Held lock = SecureFiles.acquire(lockFile)) {
      Map<String, Object> root = new LinkedHashMap<>(cacheJson());
      Map<String, Object> tokens = new LinkedHashMap<>();
      if (root.get("AccessToken") instanceof Map<?, ?> old) {
        old.forEach((id, entry) -> tokens.put(String.valueOf(id), entry));
      }
      String target = String.join(" ", new TreeSet<>(key.scopes()));
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("home_account_id", "");
      entry.put("environment", "host");
      entry.put("credential_type", "AccessToken");
      entry.put("client_id", key.clientId());
      entry.put("secret", token);
      entry.put("realm", key.tenant());
      entry.put("target", target);
      entry.put("cached_at", String.valueOf(Instant.now().getEpochSecond()));
      entry.put("expires_on", String.valueOf(expiresOn.getEpochSecond()));
      tokens.put(("-host-accesstoken-" + key.clientId() + "-" + key.tenant() + "-" + target).toLowerCase(Locale.ROOT),
          entry);
      root.put("AccessToken", tokens);
      write(PrettyJson.write(root));
      unsaved = null;
    } catch (IOException e) {
      unsaved = new EntraToolException(ExitCode.UNEXPECTED, "Cannot save to the token cache " + file + ": "
          + e.getMessage(), null, e);
    } catch (RuntimeException e) {
      unsaved = e;
    }
  }

  // ---- lookups without MSAL ----

  /**
   * Access tokens of this profile's cache, newest expiry first. MSAL's cache JSON is read with the small strict
   * reader: a lookup needs no MSAL.
   */
  List<CachedAccessToken> accessTokens() {
    Map<String, Object> root = cacheJson();
    List<CachedAccessToken> out = new ArrayList<>();
    if (root.get("AccessToken") instanceof Map<?, ?> entries) {
      for (Object entry : entries.values()) {
        if (!(entry instanceof Map<?, ?> at)) {
          continue;
        }
        Set<String> scopes = new HashSet<>();
        for (String scope : text(at.get("target"), "").split(" ")) {
          if (!scope.isBlank()) {
            scopes.add(scope.toLowerCase(Locale.ROOT));
          }
        }
        long expires;
        try {
          expires = Long.parseLong(text(at.get("expires_on"), "0"));
        } catch (NumberFormatException e) {
          return List.of(); // an unreadable cache is an empty cache
        }
        out.add(new CachedAccessToken(text(at.get("secret"), ""), scopes, Instant.ofEpochSecond(expires),
            text(at.get("client_id"), ""), !text(at.get("home_account_id"), "").isBlank(),
            text(at.get("realm"), "")));
      }
    }
    out.sort(Comparator.comparing(CachedAccessToken::expiresOn).reversed());
    return out;
  }

  /** The cache as JSON; empty when there is none or it cannot be read (an unreadable cache is an empty cache). */
  private Map<String, Object> cacheJson() {
    Optional<String> json = readJson();
    if (json.isEmpty()) {
      return Map.of();
    }
    try {
      return StrictJson.parseObject(json.get());
    } catch (StrictJson.Invalid e) {
      return Map.of();
    }
  }

  /** A JSON scalar as text, as MSAL writes numbers in strings; {@code fallback} for null or a missing field. */
  private static String text(Object value, String fallback) {
    return value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString()
        : fallback;
  }

  /**
   * The newest cached access token that answers {@code key} valid at {@code validUntil} ({@link TokenKey#answeredBy}).
   * Its cloud and host are the key's (the file holds one profile's tokens and is forgotten whenever the profile
   * changes), its tenant is the one MSAL kept it under, as the request named it: a token of another tenant
   * ({@code get-token --tenant}) never answers.
   */
  Optional<CachedAccessToken> find(TokenKey key, Instant validUntil) {
    return accessTokens().stream()
        .filter(t -> key.answeredBy(t.clientId(), key.authorityIn(t.realm()), t.forUser(), t.scopes(),
            t.expiresOn(), validUntil))
        .findFirst();
  }

  /** True when the cache holds a refresh token (a user flow signed in before). */
  boolean hasRefreshToken() {
    Object refreshTokens = cacheJson().get("RefreshToken");
    return refreshTokens instanceof Map<?, ?> m ? !m.isEmpty() : refreshTokens instanceof List<?> l && !l.isEmpty();
  }

  /**
   * Makes sure the cache key exists before a sign-in starts, so that storing the key (and any notice the secret
   * store gives on first use) happens before the sign-in prompts, not in the middle of them.
   */
  void prepare() {
    keyForWriting();
  }

  // ---- file ----

  private Optional<String> readJson() {
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<SecretKeySpec> k = existingKey();
    if (k.isEmpty() || sealed.length < MAGIC.length + 12 + 16
        || !Arrays.equals(Arrays.copyOf(sealed, MAGIC.length), MAGIC)) {
      return Optional.empty();
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, k.get(), new GCMParameterSpec(128, sealed, MAGIC.length, 12));
      c.updateAAD(aad());
      byte[] plain = c.doFinal(sealed, MAGIC.length + 12, sealed.length - MAGIC.length - 12);
      return Optional.of(new String(plain, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      return Optional.empty(); // tampered or keyed differently: start afresh rather than fail the command
    }
  }

  private void write(String json) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keyForWriting(), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad());
      byte[] ct = c.doFinal(json.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[MAGIC.length + nonce.length + ct.length];
      System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
      System.arraycopy(nonce, 0, out, MAGIC.length, nonce.length);
      System.arraycopy(ct, 0, out, MAGIC.length + nonce.length, ct.length);
      SecureFiles.ensurePrivateDir(file.getParent());
      SecureFiles.deleteStaleTemps(file); // a killed writer's; the cache lock is held from before-access
      SecureFiles.writeAtomically(file, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot write the token cache " + file + ": "
          + e.getMessage(), "Check that " + file.getParent() + " is writable", e);
    }
  }

  private byte[] aad() {
    return ("entratool-token-cache-v1|" + profile).getBytes(StandardCharsets.UTF_8);
  }

  private Optional<SecretKeySpec> existingKey() {
    if (key == null) {
      secrets.read(profile, SecretKind.CACHE_KEY).ifPresent(b64 -> {
        try {
          byte[] raw = Base64.getDecoder().decode(b64);
          if (raw.length == 32) {
            key = new SecretKeySpec(raw, "AES");
          }
        } catch (IllegalArgumentException ignored) {
          // a damaged key: a new one is made on the next write
        }
      });
    }
    return Optional.ofNullable(key);
  }

  private SecretKeySpec keyForWriting() {
    Optional<SecretKeySpec> existing = existingKey();
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    secrets.write(profile, SecretKind.CACHE_KEY, Base64.getEncoder().encodeToString(raw));
    key = new SecretKeySpec(raw, "AES");
    return key;
  }
}
