package dev.entratool.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.ITokenCache;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.profile.Profile;
import dev.entratool.secret.SecretKind;
import dev.entratool.testing.MemoryRuntimeDir;
import dev.entratool.testing.MemorySecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one owner of cached tokens: what it stores it finds, by one rule in both tiers, and forgets in every tier. */
class TokenCacheTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String CLIENT = "12345678-1234-1234-1234-123456789abc";
  private static final List<String> GRAPH = List.of("https://graph.microsoft.com/.default");

  @TempDir Path dir;
  private MemoryRuntimeDir runtime;
  private MemoryRuntimeDir shm;

  @AfterEach
  void removeMemoryDirs() throws IOException {
    for (MemoryRuntimeDir memory : new MemoryRuntimeDir[] {runtime, shm}) {
      if (memory != null) {
        memory.close();
      }
    }
  }

  private static Profile profile(String client, String tenant) {
    Profile.Builder b = Profile.builder();
    b.name = "ci";
    b.tenantId = tenant;
    b.clientId = client;
    b.scopes = GRAPH;
    return b.build();
  }

  /** The session tier's token, as the start-up front end reads it. */
  private static Optional<String> session(TokenCache cache, String profile, TokenKey key, Instant validUntil) {
    return cache.findInSession(profile, key, validUntil).map(TokenCache.Hit::token);
  }

  private static TokenKey key(Profile profile, boolean forUser) {
    return TokenKey.of(profile, forUser, GRAPH);
  }

  @Test
  void theSessionTierAnswersWhatItStoredByTheOneRuleAndForgetsIt() throws IOException {
    runtime = new MemoryRuntimeDir();
    MemorySecrets secrets = new MemorySecrets();
    TokenCache cache = new TokenCache(new AppPaths(dir.resolve("home"), runtime.path), () -> secrets);
    Profile ci = profile(CLIENT, "contoso.onmicrosoft.com");
    cache.store("ci", key(ci, false), null, "eyJ.app", NOW.plusSeconds(3600));

    TokenCache reader = new TokenCache(new AppPaths(dir.resolve("home"), runtime.path));
    assertThat(session(reader, "ci", key(ci, false), NOW)).contains("eyJ.app");
    assertThat(session(reader, "ci", key(ci, false), NOW.plusSeconds(3600))).as("expired by then")
        .isEmpty();
    assertThat(session(reader, "ci", key(ci, true), NOW)).as("a person's token asked").isEmpty();
    assertThat(session(reader, "ci", key(profile(CLIENT, "fabrikam.onmicrosoft.com"), false), NOW))
        .as("another tenant").isEmpty();
    assertThat(session(reader, "ci", TokenKey.of(ci, false, List.of("https://management.azure.com/.default")),
        NOW)).as("another resource").isEmpty();
    assertThat(session(reader, "other", key(ci, false), NOW)).isEmpty();
    assertThat(secrets.items).as("the runtime directory took it").isEmpty();

    cache.forget("ci");
    assertThat(session(reader, "ci", key(ci, false), NOW)).isEmpty();
  }

  @Test
  void withoutAnyPrivateMemoryNothingIsKeptOutsideTheEncryptedTier() {
    Profile ci = profile(CLIENT, "contoso.onmicrosoft.com");
    MemorySecrets secrets = new MemorySecrets();
    List<String> said = new java.util.ArrayList<>();
    TokenCache cache = new TokenCache(new AppPaths(dir.resolve("home"), null, dir.resolve("no-shm")),
        () -> secrets, said::add);
    cache.store("ci", key(ci, false), null, "eyJ.app", NOW.plusSeconds(3600));
    assertThat(secrets.items).as("the secret store keeps no access token").isEmpty();
    assertThat(session(cache, "ci", key(ci, false), NOW)).isEmpty();
    assertThat(said).singleElement().asString().startsWith("Session cache: not used (XDG_RUNTIME_DIR is not set, and "
        + dir.resolve("no-shm") + " is not a folder)").doesNotContain("eyJ");
  }

  @Test
  void twoHomesInOneSessionKeepTheirOwnEntries() throws IOException {
    runtime = new MemoryRuntimeDir();
    Profile appA = profile(CLIENT, "contoso.onmicrosoft.com");
    Profile appB = profile("00000000-1234-1234-1234-123456789abc", "contoso.onmicrosoft.com");
    TokenCache a = new TokenCache(new AppPaths(dir.resolve("a"), runtime.path), MemorySecrets::new);
    TokenCache b = new TokenCache(new AppPaths(dir.resolve("b"), runtime.path), MemorySecrets::new);
    a.store("ci", key(appA, false), null, "eyJ.a", NOW.plusSeconds(3600));
    b.store("ci", key(appB, false), null, "eyJ.b", NOW.plusSeconds(3600));

    assertThat(session(a, "ci", key(appA, false), NOW)).contains("eyJ.a");
    assertThat(session(b, "ci", key(appB, false), NOW)).contains("eyJ.b");
    a.forget("ci");
    assertThat(session(a, "ci", key(appA, false), NOW)).isEmpty();
    assertThat(session(b, "ci", key(appB, false), NOW)).as("the other home's").contains("eyJ.b");
  }

  @Test
  void forgetRemovesEveryTierWithItsLocksAndAnOlderVersionsEntry() throws IOException {
    runtime = new MemoryRuntimeDir();
    shm = new MemoryRuntimeDir();
    MemorySecrets secrets = new MemorySecrets();
    Path home = dir.resolve("home");
    TokenCache cache = new TokenCache(new AppPaths(home, runtime.path, shm.path), () -> secrets);
    Profile ci = profile(CLIENT, "contoso.onmicrosoft.com");
    cache.store("ci", key(ci, false), null, "eyJ.app", NOW.plusSeconds(3600));
    // as a run without the runtime directory (cron, su) keeps it
    new TokenCache(new AppPaths(home, null, shm.path)).store("ci", key(ci, false), null, "eyJ.cron", NOW.plusSeconds(60));
    assertThat(shm.memoryEntries("ci")).hasSize(1);
    secrets.write("ci", SecretKind.RETIRED_ACCESS_TOKEN, "entry"); // an older entratool's
    secrets.write("ci", SecretKind.CACHE_KEY, "key");
    Path cacheDir = Files.createDirectories(home.resolve("cache"));
    List<Path> files = List.of(cacheDir.resolve("ci.tokens"), cacheDir.resolve("ci.tokens.lock"),
        cacheDir.resolve("ci.tokens.fetch.lock"), runtime.path.resolve("entratool").resolve("ci.access-token"),
        runtime.path.resolve("entratool").resolve("ci.access-token.lock"));
    for (Path file : files) {
      Files.writeString(file, "x");
    }
    Path other = Files.writeString(cacheDir.resolve("cd.tokens"), "x");

    cache.forget("ci");
    assertThat(files).allSatisfy(f -> assertThat(f).doesNotExist());
    assertThat(runtime.entry(home, "ci")).doesNotExist();
    assertThat(shm.memoryEntries("ci")).isEmpty();
    assertThat(secrets.items).as("the cache key stays").containsOnlyKeys("ci:cache-key");
    assertThat(other).as("another profile's").exists();
  }

  @Test
  void theEncryptedTierAnswersByTheSameRuleAndKnowsItsNewest() {
    MemorySecrets secrets = new MemorySecrets();
    TokenCache cache = new TokenCache(new AppPaths(dir.resolve("home"), null), () -> secrets);
    long soon = NOW.plusSeconds(600).getEpochSecond();
    long later = NOW.plusSeconds(3600).getEpochSecond();
    String json = "{\"AccessToken\": {"
        + accessToken("1", CLIENT, "", "https://graph.microsoft.com/.default", soon, "eyJ.soon") + ", "
        + accessToken("2", CLIENT, "", "https://graph.microsoft.com/.default", later, "eyJ.later") + ", "
        + accessToken("3", CLIENT, "uid.utid", "https://graph.microsoft.com/user.read", later + 1, "eyJ.user") + ", "
        + accessToken("4", CLIENT, "", "https://graph.microsoft.com/.default", later + 2, "eyJ.woodgrove")
            .replace("contoso.onmicrosoft.com", "woodgrove.onmicrosoft.com")
        + "}}";
    ITokenCacheAccessAspect msal = cache.msalCache("ci");
    msal.beforeCacheAccess(context(null));
    msal.afterCacheAccess(context(json));

    Profile ci = profile(CLIENT, "contoso.onmicrosoft.com");
    TokenCache reread = new TokenCache(new AppPaths(dir.resolve("home"), null), () -> secrets);
    assertThat(reread.findInFile("ci", key(ci, false), NOW))
        .hasValueSatisfying(t -> assertThat(t.token()).isEqualTo("eyJ.later"));
    assertThat(reread.findInFile("ci", key(ci, false), NOW.plusSeconds(3600))).as("none valid that long").isEmpty();
    assertThat(reread.findInFile("ci", TokenKey.of(ci, true, List.of("https://graph.microsoft.com/User.Read",
        "openid")), NOW)).hasValueSatisfying(t -> assertThat(t.token()).isEqualTo("eyJ.user"));
    assertThat(reread.findInFile("ci", key(profile("00000000-1234-1234-1234-123456789abc",
        "contoso.onmicrosoft.com"), false), NOW)).as("another client").isEmpty();
    assertThat(reread.findInFile("ci", key(profile(CLIENT, "Woodgrove.onmicrosoft.com"), false), NOW))
        .as("another tenant's token (get-token --tenant), MSAL's realm in lower case")
        .hasValueSatisfying(t -> assertThat(t.token()).isEqualTo("eyJ.woodgrove"));
    assertThat(cache.newest("ci")).contains("eyJ.woodgrove");
    assertThat(cache.newest("other")).isEmpty();
  }

  private static String accessToken(String id, String client, String account, String target, long expires,
      String secret) {
    return "\"" + id + "\": {\"credential_type\": \"AccessToken\", \"client_id\": \"" + client
        + "\", \"home_account_id\": \"" + account + "\", \"realm\": \"contoso.onmicrosoft.com\", \"target\": \""
        + target + "\", \"expires_on\": \""
        + expires + "\", \"secret\": \"" + secret + "\"}";
  }

  /** What MSAL hands the cache aspect: a cache that serialises to {@code json} and has changed, if given. */
  private static ITokenCacheAccessContext context(String json) {
    ITokenCache tokens = new ITokenCache() {
      @Override
      public void deserialize(String data) {}

      @Override
      public String serialize() {
        return json;
      }
    };
    return new ITokenCacheAccessContext() {
      @Override
      public ITokenCache tokenCache() {
        return tokens;
      }

      @Override
      public String clientId() {
        return CLIENT;
      }

      @Override
      public IAccount account() {
        return null;
      }

      @Override
      public boolean hasCacheChanged() {
        return json != null;
      }
    };
  }
}
