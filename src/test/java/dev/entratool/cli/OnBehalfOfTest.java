package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.ITokenCache;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import dev.entratool.cache.TokenCache;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.secret.SecretStores;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.MemoryRuntimeDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get-token -f OnBehalfOf}: a middle tier exchanges the user token it received (from a file or stdin, never
 * a flag's value) for a downstream API's token, cached per incoming token and never in the session tier.
 */
class OnBehalfOfTest {
  static final String USER_READ = "https://graph.microsoft.com/User.Read";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  MemoryRuntimeDir runtime;
  CliRunner cli;
  String middle;

  @BeforeEach
  void middleTier() throws Exception {
    runtime = new MemoryRuntimeDir();
    cli = fx.cli(home).env("XDG_RUNTIME_DIR", runtime.path.toString());
    middle = EntraFixture.newClientId();
    fx.entra.registerApp(middle).secret("mt-secret").allow("https://graph.microsoft.com", "User.Read");
    fx.createSecretProfile(cli, "middle-tier", middle, "mt-secret", USER_READ);
  }

  @AfterEach
  void close() throws Exception {
    runtime.close();
  }

  static JsonNode claims(String jwt) throws Exception {
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.trim().split("\\.")[1]));
  }

  private Path file(String name, String token) throws Exception {
    return Files.writeString(home.resolve(name), token + "\n");
  }

  private Result obo(Path assertion) {
    return cli.run("get-token", "-p", "middle-tier", "-f", "OnBehalfOf", "--assertion-file", assertion.toString(),
        "--silent");
  }

  /** {@link #obo}, which must succeed. */
  private Result exchanged(Path assertion) {
    Result r = obo(assertion);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r;
  }

  @Test
  void theCallersTokenIsExchangedAndTheAnswerCachedPerCallerToken() throws Exception {
    String incoming = fx.entra.userToken("api://" + middle, Duration.ofHours(1));
    Path a = file("a.jwt", incoming);
    Result first = exchanged(a);
    assertThat(fx.entra.lastTokenRequest()).containsEntry("grant_type",
        "urn:ietf:params:oauth:grant-type:jwt-bearer").containsEntry("requested_token_use", "on_behalf_of");
    JsonNode c = claims(first.out());
    assertThat(c.path("aud").asText()).isEqualTo("https://graph.microsoft.com");
    assertThat(c.path("upn").asText()).isEqualTo(FakeEntra.USER_NAME);
    assertThat(c.path("appid").asText()).isEqualTo(middle);
    assertThat(runtime.entry(home, "middle-tier")).as("never in the session tier").doesNotExist();

    int requests = fx.entra.tokenRequests();
    Result again = obo(a);
    assertThat(again.out().equals(first.out())).as("the same caller token: from the cache").isTrue();
    Result stdin = cli.runWithStdin(incoming, "get-token", "-p", "middle-tier", "-f", "OnBehalfOf", "--assertion",
        "-", "--silent");
    assertThat(stdin.out().equals(first.out())).as("--assertion -: the same").isTrue();
    assertThat(fx.entra.tokenRequests()).isEqualTo(requests);

    Result other = obo(file("b.jwt", fx.entra.userToken(middle, Duration.ofHours(1))));
    assertThat(other.exitCode()).as(other.err()).isZero();
    assertThat(fx.entra.tokenRequests()).as("another caller's token is exchanged, not answered from the cache")
        .isEqualTo(requests + 1);
    assertThat(other.out().equals(first.out())).isFalse();
  }

  /**
   * The exchanged token is kept under the incoming token's hash: the profile's cache, decrypted, holds the hash MSAL
   * keys it by and nowhere the incoming token (nor its signature); claims ask for a new exchange that carries them.
   */
  @Test
  void theAnswerIsKeptUnderTheIncomingTokensHashAndClaimsAskAnew() throws Exception {
    String incoming = fx.entra.userToken("api://" + middle, Duration.ofHours(1));
    Path a = file("a.jwt", incoming);
    Result first = exchanged(a);
    String cache = decryptedCache("middle-tier");
    assertThat(cache).contains(first.out().trim());
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(incoming.getBytes(StandardCharsets.UTF_8));
    assertThat(cache).as("MSAL's key: base64url of the SHA-256").containsPattern("\"user_assertion_hash\"\\s*:\\s*\""
        + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "\"");
    assertThat(cache.contains(incoming)).as("never the incoming token").isFalse();
    assertThat(cache.contains(incoming.substring(incoming.lastIndexOf('.') + 1))).as("nor its signature").isFalse();

    int requests = fx.entra.tokenRequests();
    Result stepUp = cli.run("get-token", "-p", "middle-tier", "-f", "OnBehalfOf", "--assertion-file", a.toString(),
        "--claims", ClaimsChallengeTest.STEP_UP, "--silent");
    assertThat(stepUp.exitCode()).as(stepUp.err()).isZero();
    assertThat(fx.entra.tokenRequests()).as("not the cached exchange").isEqualTo(requests + 1);
    assertThat(fx.entra.lastTokenRequest()).containsEntry("requested_token_use", "on_behalf_of");
    assertThat(fx.entra.lastTokenRequest().get("claims")).contains("\"acrs\"");
    assertThat(claims(stepUp.out()).path("acrs").toString()).isEqualTo("[\"c1\"]");
  }

  /** The profile's MSAL token cache as the CLI wrote it, decrypted with the key in the test's secret store. */
  private String decryptedCache(String profile) {
    Environment env = Environment.of(cli.environment());
    AppPaths paths = AppPaths.from(env);
    TokenCache tokens = new TokenCache(paths, () -> SecretStores.select(env, paths, notice -> { }));
    AtomicReference<String> json = new AtomicReference<>();
    ITokenCache reader = new ITokenCache() {
      @Override
      public void deserialize(String data) {
        json.set(data);
      }

      @Override
      public String serialize() {
        return json.get();
      }
    };
    ITokenCacheAccessContext context = new ITokenCacheAccessContext() {
      @Override
      public ITokenCache tokenCache() {
        return reader;
      }

      @Override
      public String clientId() {
        return middle;
      }

      @Override
      public IAccount account() {
        return null;
      }

      @Override
      public boolean hasCacheChanged() {
        return false;
      }
    };
    ITokenCacheAccessAspect aspect = tokens.msalCache(profile);
    aspect.beforeCacheAccess(context);
    aspect.afterCacheAccess(context);
    assertThat(json.get()).as("a cache was written").isNotNull();
    return json.get();
  }

  @Test
  void entrasRefusalsGetHintsAndNeverShowTheToken() throws Exception {
    String wrongAudience = fx.entra.userToken("api://someone-else", Duration.ofHours(1));
    Result aud = obo(file("aud.jwt", wrongAudience));
    assertThat(aud.exitCode()).isEqualTo(ExitCode.AUTH_REJECTED.code());
    assertThat(aud.err()).contains("AADSTS50013").contains("Hint: The incoming token must be for this middle tier");
    assertThat(aud.err().contains(wrongAudience)).isFalse();

    Result expired = obo(file("old.jwt", fx.entra.userToken(middle, Duration.ofSeconds(-60))));
    assertThat(expired.exitCode()).isEqualTo(ExitCode.AUTH_REJECTED.code());
    assertThat(expired.err()).contains("AADSTS500133").contains("Hint: The incoming token has expired");

    Result malformed = obo(file("bad.jwt", "not-a-jwt"));
    assertThat(malformed.exitCode()).isEqualTo(ExitCode.AUTH_REJECTED.code());
    assertThat(malformed.err()).contains("AADSTS50027").contains("Hint: The incoming token is not a valid JWT");

    Result consent = cli.run("get-token", "-p", "middle-tier", "-f", "OnBehalfOf", "--scope",
        "https://management.azure.com/user_impersonation", "--assertion-file",
        file("c.jwt", fx.entra.userToken(middle, Duration.ofHours(1))).toString());
    assertThat(consent.exitCode()).isEqualTo(ExitCode.AUTH_REJECTED.code());
    assertThat(consent.err()).contains("AADSTS65001").contains("Hint: The user or an admin must consent");
  }

  @Test
  void theTokenNeverComesAsAFlagValueAndTheProfileMustBeAConfidentialClient() throws Exception {
    String token = fx.entra.userToken(middle, Duration.ofHours(1));
    Result value = cli.run("get-token", "-p", "middle-tier", "-f", "OnBehalfOf", "--assertion", token);
    assertThat(value.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(value.err()).startsWith("Error: --assertion takes only - (standard input)");
    assertThat(value.err().contains(token)).isFalse();

    Result none = cli.run("get-token", "-p", "middle-tier", "-f", "OnBehalfOf");
    assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(none.err()).contains("Hint: Pass it in a file with --assertion-file FILE");
    Result notObo = cli.run("get-token", "-p", "middle-tier", "--assertion-file", file("x.jwt", token).toString());
    assertThat(notObo.exitCode()).isEqualTo(ExitCode.USAGE.code());

    fx.createUserProfile(cli, "spa", EntraFixture.newClientId(), USER_READ);
    Result publicClient = cli.run("get-token", "-p", "spa", "-f", "OnBehalfOf", "--assertion-file",
        file("y.jwt", token).toString());
    assertThat(publicClient.exitCode()).isEqualTo(ExitCode.PROFILE.code());
    assertThat(publicClient.err()).contains("is a public client").contains("Hint: ");
  }
}
