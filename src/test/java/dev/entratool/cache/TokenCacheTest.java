package dev.entratool.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.ITokenCache;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one owner of cached tokens: what it stores it finds, by one rule in both tiers, and forgets in every tier. */
class TokenCacheTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String CLIENT = "12345678-1234-1234-1234-123456789abc";
  private static final List<String> GRAPH = List.of("https://graph.microsoft.com/.default");
  /** A secret store that is not the Secret Service: the session tier never asks D-Bus. */
  private static final Environment FILE_STORE = Environment.of(Map.of("ENTRATOOL_SECRET_STORE", "file"));

  @TempDir Path dir;
  private MemoryRuntimeDir runtime;

  @AfterEach
  void removeRuntime() throws IOException {
    if (runtime != null) {
      runtime.close();
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

  private static TokenKey key(Profile profile, boolean forUser) {
    return TokenKey.of(profile, forUser, GRAPH);
  }

  @Test
  void theSessionTierAnswersWhatItStoredByTheOneRuleAndForgetsIt() throws IOException {
    runtime = new MemoryRuntimeDir();
    MemorySecrets secrets = new MemorySecrets(true);
    TokenCache cache = new TokenCache(new AppPaths(dir.resolve("home"), runtime.path), () -> secrets);
    Profile ci = profile(CLIENT, "contoso.onmicrosoft.com");
    cache.store("ci", key(ci, false), "eyJ.app", NOW.plusSeconds(3600), false);

    TokenCache reader = new TokenCache(new AppPaths(dir.resolve("home"), runtime.path));
    assertThat(reader.findInSession("ci", key(ci, false), NOW, FILE_STORE)).contains("eyJ.app");
    assertThat(reader.findInSession("ci", key(ci, false), NOW.plusSeconds(3600), FILE_STORE)).as("expired by then")
        .isEmpty();
    assertThat(reader.findInSession("ci", key(ci, true), NOW, FILE_STORE)).as("a person's token asked").isEmpty();
    assertThat(reader.findInSession("ci", key(profile(CLIENT, "fabrikam.onmicrosoft.com"), false), NOW, FILE_STORE))
        .as("another tenant").isEmpty();
    assertThat(reader.findInSession("ci", TokenKey.of(ci, false, List.of("https://management.azure.com/.default")),
        NOW, FILE_STORE)).as("another resource").isEmpty();
    assertThat(reader.findInSession("other", key(ci, false), NOW, FILE_STORE)).isEmpty();
    assertThat(secrets.items).as("the runtime directory took it").isEmpty();

    cache.forget("ci");
    assertThat(reader.findInSession("ci", key(ci, false), NOW, FILE_STORE)).isEmpty();
  }

  @Test
  void withoutPrivateMemoryTheEntryGoesToAQuickSecretStoreOnly() {
    Profile ci = profile(CLIENT, "contoso.onmicrosoft.com");
    MemorySecrets quick = new MemorySecrets(true);
    new TokenCache(new AppPaths(dir.resolve("home"), null), () -> quick).store("ci", key(ci, false), "eyJ.app",
        NOW.plusSeconds(3600), false);
    String entry = quick.items.get("ci:access-token");
    assertThat(FastToken.parse(entry)).hasValueSatisfying(t -> assertThat(t.answers(key(ci, false), NOW)).isTrue());

    MemorySecrets slow = new MemorySecrets(false);
    new TokenCache(new AppPaths(dir.resolve("home"), null), () -> slow).store("ci", key(ci, false), "eyJ.app",
        NOW.plusSeconds(3600), false);
    assertThat(slow.items).isEmpty();
  }

  @Test
  void twoHomesInOneSessionKeepTheirOwnEntries() throws IOException {
    runtime = new MemoryRuntimeDir();
    Profile appA = profile(CLIENT, "contoso.onmicrosoft.com");
    Profile appB = profile("00000000-1234-1234-1234-123456789abc", "contoso.onmicrosoft.com");
    TokenCache a = new TokenCache(new AppPaths(dir.resolve("a"), runtime.path), MemorySecrets::new);
    TokenCache b = new TokenCache(new AppPaths(dir.resolve("b"), runtime.path), MemorySecrets::new);
    a.store("ci", key(appA, false), "eyJ.a", NOW.plusSeconds(3600), false);
    b.store("ci", key(appB, false), "eyJ.b", NOW.plusSeconds(3600), false);

    assertThat(a.findInSession("ci", key(appA, false), NOW, FILE_STORE)).contains("eyJ.a");
    assertThat(b.findInSession("ci", key(appB, false), NOW, FILE_STORE)).contains("eyJ.b");
    a.forget("ci");
    assertThat(a.findInSession("ci", key(appA, false), NOW, FILE_STORE)).isEmpty();
    assertThat(b.findInSession("ci", key(appB, false), NOW, FILE_STORE)).as("the other home's").contains("eyJ.b");
  }

  @Test
  void forgetRemovesEveryTierWithItsLocksAndAnOlderVersionsEntry() throws IOException {
    runtime = new MemoryRuntimeDir();
    MemorySecrets secrets = new MemorySecrets(true);
    Path home = dir.resolve("home");
    TokenCache cache = new TokenCache(new AppPaths(home, runtime.path), () -> secrets);
    Profile ci = profile(CLIENT, "contoso.onmicrosoft.com");
    cache.store("ci", key(ci, false), "eyJ.app", NOW.plusSeconds(3600), false);
    secrets.write("ci", SecretKind.FAST_TOKEN, "entry");
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
    EncryptedTokenCache encrypted = cache.encrypted("ci");
    encrypted.beforeCacheAccess(context(null));
    encrypted.afterCacheAccess(context(json));

    Profile ci = profile(CLIENT, "contoso.onmicrosoft.com");
    EncryptedTokenCache reread = cache.encrypted("ci");
    assertThat(reread.find(key(ci, false), NOW))
        .hasValueSatisfying(t -> assertThat(t.secret()).isEqualTo("eyJ.later"));
    assertThat(reread.find(key(ci, false), NOW.plusSeconds(3600))).as("none valid that long").isEmpty();
    assertThat(reread.find(TokenKey.of(ci, true, List.of("https://graph.microsoft.com/User.Read", "openid")), NOW))
        .hasValueSatisfying(t -> assertThat(t.secret()).isEqualTo("eyJ.user"));
    assertThat(reread.find(key(profile("00000000-1234-1234-1234-123456789abc", "contoso.onmicrosoft.com"), false),
        NOW)).as("another client").isEmpty();
    assertThat(reread.find(key(profile(CLIENT, "Woodgrove.onmicrosoft.com"), false), NOW)).as("another tenant's "
        + "token (get-token --tenant), MSAL's realm in lower case").hasValueSatisfying(t -> assertThat(t.secret())
        .isEqualTo("eyJ.woodgrove"));
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
