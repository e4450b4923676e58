package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStores;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.KeyringTestSupport;
import dev.entratool.testing.MemoryRuntimeDir;
import dev.entratool.testing.TokenTraces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** logout: no token left in any tier, the profile and its secret kept, and the next get-token asks again. */
class LogoutTest {
  static final String USER_READ = "https://graph.microsoft.com/User.Read";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  MemoryRuntimeDir runtime;
  CliRunner cli;

  @BeforeEach
  void profiles() throws IOException {
    runtime = new MemoryRuntimeDir();
    cli = fx.cli(home).env("XDG_RUNTIME_DIR", runtime.path.toString());
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("s3cret").publicClient().allow("https://graph.microsoft.com", "User.Read",
        "User.Read.All");
    fx.createUserProfile(cli, "shared-laptop", client, USER_READ);
    fx.createSecretProfile(cli, "graph-sp", client, "s3cret", "https://graph.microsoft.com/.default");
  }

  @AfterEach
  void removeRuntime() throws IOException {
    runtime.close();
  }

  @Test
  void logoutLeavesNoTokenAnywhereAndTheNextGetTokenSignsInAgain() throws IOException {
    String token = cli.run("get-token", "-p", "shared-laptop", "--silent").out().trim();
    assertThat(TokenTraces.of(token, cli.environment(), "shared-laptop")).as("the runtime entry holds it")
        .isNotEmpty();
    assertThat(Files.exists(home.resolve("cache/shared-laptop.tokens"))).isTrue();
    var refreshTokens = fx.entra.liveRefreshTokenValues();

    CliRunner.Result r = cli.run("logout", "-p", "shared-laptop");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Signed out of 'shared-laptop': removed cached tokens\n");
    assertThat(TokenTraces.of(token, cli.environment(), "shared-laptop")).isEmpty();
    for (String refresh : refreshTokens) {
      assertThat(TokenTraces.of(refresh, cli.environment(), "shared-laptop")).as("a refresh token").isEmpty();
    }
    assertThat(Files.exists(home.resolve("cache/shared-laptop.tokens"))).as("accounts and refresh tokens").isFalse();

    CliRunner.Result again = cli.run("logout", "-p", "shared-laptop");
    assertThat(again.err()).isEqualTo("Signed out of 'shared-laptop': nothing to remove\n");

    int deviceCodes = fx.entra.count("devicecode");
    int tokens = fx.entra.tokenRequests();
    CliRunner.Result signIn = cli.run("get-token", "-p", "shared-laptop");
    assertThat(signIn.exitCode()).as(signIn.toString()).isZero();
    assertThat(signIn.err()).contains("Device Code Authentication");
    assertThat(fx.entra.count("devicecode")).as("signed in again").isEqualTo(deviceCodes + 1);
    assertThat(fx.entra.tokenRequests()).isGreaterThan(tokens);
  }

  @Test
  void theProfileAndItsSecretStay() {
    assertThat(cli.run("get-token", "-p", "graph-sp", "--silent").exitCode()).isZero();
    assertThat(cli.run("logout", "-p", "graph-sp").exitCode()).isZero();
    int tokens = fx.entra.tokenRequests();
    CliRunner.Result r = cli.run("get-token", "-p", "graph-sp", "--silent");
    assertThat(r.exitCode()).as("the secret is still there: " + r).isZero();
    assertThat(r.out()).startsWith("eyJ");
    assertThat(fx.entra.tokenRequests()).as("asked the emulator again").isEqualTo(tokens + 1);
  }

  @Test
  void allSignsOutOfEveryProfile() throws IOException {
    String user = cli.run("get-token", "-p", "shared-laptop", "--silent").out().trim();
    String app = cli.run("get-token", "-p", "graph-sp", "--silent").out().trim();
    CliRunner.Result r = cli.run("logout", "--all");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("Signed out of 'shared-laptop': removed cached tokens\n"
        + "Signed out of 'graph-sp': removed cached tokens\n");
    assertThat(TokenTraces.of(user, cli.environment(), "shared-laptop", "graph-sp")).isEmpty();
    assertThat(TokenTraces.of(app, cli.environment(), "shared-laptop", "graph-sp")).isEmpty();
    assertThat(cli.run("config", "list").out()).contains("shared-laptop").contains("graph-sp");
  }

  @Test
  void anUnknownProfileExits3WithAHint() {
    CliRunner.Result r = cli.run("logout", "-p", "shared-laptpo");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).startsWith("Error: ").contains("shared-laptpo").contains("\nHint: ");
  }

  @Test
  void profileAndAllTogetherIsAUsageError() {
    CliRunner.Result r = cli.run("logout", "-p", "graph-sp", "--all");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Error: -p and --all cannot be combined");
  }

  /**
   * With the keyring and no runtime directory: the session tier is this user's folder in memory, and the keyring
   * holds no token, only the cache key; an older entratool's copy of the newest access token in the keyring goes too.
   */
  @Test
  void theSecretServiceKeepsNoTokenAfterLogout() throws Exception {
    KeyringTestSupport.assumeKeyring();
    String name = "kr-user-" + UUID.randomUUID().toString().substring(0, 8);
    CliRunner keyring = fx.cli(home.resolve("kr")).env("ENTRATOOL_SECRET_STORE", "keyring")
        .env("ENTRATOOL_SHM_DIR", runtime.path.toString());
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).publicClient().allow("https://graph.microsoft.com", "User.Read");
    fx.createUserProfile(keyring, name, client, USER_READ);
    try {
      String token = keyring.run("get-token", "-p", name, "--silent").out().trim();
      assertThat(runtime.memoryEntries(name)).as("the session tier's entry, in memory").isNotEmpty();
      assertThat(KeyringTestSupport.secretToolLookup(name + ":access-token")).as("never in the keyring").isNull();
      Environment env = Environment.of(keyring.environment());
      SecretStores.select(env, AppPaths.from(env), notice -> { })
          .write(name, SecretKind.RETIRED_ACCESS_TOKEN, token); // as an older entratool kept it
      CliRunner.Result r = keyring.run("logout", "-p", name);
      assertThat(r.err()).isEqualTo("Signed out of '" + name + "': removed cached tokens\n");
      assertThat(runtime.memoryEntries(name)).isEmpty();
      assertThat(KeyringTestSupport.secretToolLookup(name + ":access-token")).isNull();
      assertThat(TokenTraces.of(token, keyring.environment(), name)).isEmpty();
      assertThat(KeyringTestSupport.secretToolLookup(name + ":cache-key")).as("not a token: it stays")
          .isNotBlank();
    } finally {
      keyring.run("config", "delete", "-p", name, "--yes");
    }
  }
}
