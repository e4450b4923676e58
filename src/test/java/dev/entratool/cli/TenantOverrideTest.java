package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.error.ExitCode;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.MemoryRuntimeDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get-token --tenant}: a multi-tenant app's token from another tenant for one call, cached per tenant in both
 * tiers (the session tier's one entry per profile included), so neither tenant's token ever answers for the other.
 */
class TenantOverrideTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  static final String USER_READ = "https://graph.microsoft.com/User.Read";
  static final String OTHER = FakeEntra.OTHER_TENANT_DOMAIN;
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  MemoryRuntimeDir runtime;
  CliRunner cli;

  @BeforeEach
  void sessionTier() throws Exception {
    runtime = new MemoryRuntimeDir();
    cli = fx.cli(home).env("XDG_RUNTIME_DIR", runtime.path.toString());
  }

  @AfterEach
  void close() throws Exception {
    runtime.close();
  }

  static String tid(Result r) throws Exception {
    JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(r.out().trim().split("\\.")[1]));
    assertThat(claims.path("iss").asText()).contains(claims.path("tid").asText());
    return claims.path("tid").asText();
  }

  /** The same token on stdout (compared without printing it), and exit 0. */
  static void sameToken(Result actual, Result expected, String what) {
    assertThat(actual.exitCode()).as(what + ": " + actual.err()).isZero();
    assertThat(actual.out().equals(expected.out())).as(what + ": the same token").isTrue();
  }

  @Test
  void clientCredentialsInAnotherTenantAreCachedPerTenantInBothTiers() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("mt-secret").allow("https://graph.microsoft.com", "User.Read.All")
        .consentedIn(FakeEntra.OTHER_TENANT_ID);
    fx.createSecretProfile(cli, "mt", client, "mt-secret", GRAPH);
    Path entry = runtime.entry(home, "mt");

    Result own = cli.run("get-token", "-p", "mt");
    assertThat(own.exitCode()).as(own.err()).isZero();
    assertThat(tid(own)).isEqualTo(FakeEntra.TENANT_ID);
    Result other = cli.run("get-token", "-p", "mt", "--tenant", OTHER);
    assertThat(other.exitCode()).as(other.err()).isZero();
    assertThat(tid(other)).isEqualTo(FakeEntra.OTHER_TENANT_ID);
    assertThat(other.err()).isEqualTo("Authenticating with profile 'mt'...\n✓ Token acquired successfully\n");
    assertThat(Files.readString(entry).contains(other.out().trim())).as("the session tier holds the other "
        + "tenant's token now").isTrue();

    int requests = fx.entra.tokenRequests();
    sameToken(cli.run("get-token", "-p", "mt"), own, "the profile's tenant: never the session tier's other token");
    sameToken(cli.run("get-token", "-p", "mt", "--tenant", OTHER), other, "from the encrypted tier");
    sameToken(cli.run("get-token", "-p", "mt", "--tenant", OTHER), other, "from the session tier");
    sameToken(cli.run("get-token", "-p", "mt"), own, "the profile's tenant again");
    assertThat(fx.entra.tokenRequests()).as("each tenant's token answered from the cache").isEqualTo(requests);

    Result shown = cli.run("config", "show", "-p", "mt");
    assertThat(shown.out()).as("for this call only").contains(FakeEntra.TENANT_DOMAIN).doesNotContain(OTHER);
  }

  @Test
  void aSingleTenantAppIsRefusedByTheOtherTenant() {
    String client = fx.registerSecretApp("st-secret");
    fx.createSecretProfile(cli, "st", client, "st-secret", GRAPH);
    Result r = cli.run("get-token", "-p", "st", "--tenant", FakeEntra.OTHER_TENANT_ID);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH_REJECTED.code());
    assertThat(r.err()).contains("AADSTS700016").contains("Hint: ");
    assertThat(r.out()).isEmpty();
  }

  /** A person signed in to profile 'user' of an app consented in both tenants: the token in the profile's tenant. */
  private Result signedInUser() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).publicClient().allow("https://graph.microsoft.com", "User.Read")
        .consentedIn(FakeEntra.OTHER_TENANT_ID);
    fx.createUserProfile(cli, "user", client, USER_READ);
    Result own = cli.run("get-token", "-p", "user", "--silent");
    assertThat(own.exitCode()).as(own.err()).isZero();
    assertThat(tid(own)).isEqualTo(FakeEntra.TENANT_ID);
    return own;
  }

  @Test
  void aUserTokenForAnotherTenantComesFromTheRefreshTokenAndIsCachedPerTenant() throws Exception {
    Result own = signedInUser();
    int signIns = fx.entra.count("devicecode");

    Result other = cli.run("get-token", "-p", "user", "--tenant", OTHER, "--silent");
    assertThat(other.exitCode()).as(other.err()).isZero();
    assertThat(tid(other)).isEqualTo(FakeEntra.OTHER_TENANT_ID);
    assertThat(fx.entra.lastTokenRequest()).containsEntry("grant_type", "refresh_token");
    assertThat(fx.entra.count("devicecode")).as("no second sign-in").isEqualTo(signIns);

    int requests = fx.entra.tokenRequests();
    sameToken(cli.run("get-token", "-p", "user", "--silent"), own, "the profile's tenant");
    sameToken(cli.run("get-token", "-p", "user", "--tenant", OTHER, "--silent"), other, "the other tenant");
    assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
  }

  /** {@code refresh --tenant}: the refresh token asked for the other tenant's token, kept apart from the own one. */
  @Test
  void refreshInAnotherTenantIsCachedPerTenant() throws Exception {
    Result own = signedInUser();
    int signIns = fx.entra.count("devicecode");

    Result other = cli.run("refresh", "-p", "user", "--tenant", OTHER);
    assertThat(other.exitCode()).as(other.err()).isZero();
    assertThat(other.err()).isEqualTo("Refreshing token for profile 'user'...\n✓ Token refreshed successfully\n");
    assertThat(tid(other)).isEqualTo(FakeEntra.OTHER_TENANT_ID);
    assertThat(fx.entra.lastTokenRequest()).containsEntry("grant_type", "refresh_token");
    assertThat(fx.entra.count("devicecode")).as("no second sign-in").isEqualTo(signIns);

    int requests = fx.entra.tokenRequests();
    sameToken(cli.run("get-token", "-p", "user", "--tenant", OTHER, "--silent"), other, "the refreshed one");
    sameToken(cli.run("get-token", "-p", "user", "--silent"), own, "the profile's tenant: never the other's token");
    assertThat(fx.entra.tokenRequests()).isEqualTo(requests);

    Result ownAgain = cli.run("refresh", "-p", "user", "--silent");
    assertThat(ownAgain.exitCode()).as(ownAgain.err()).isZero();
    assertThat(tid(ownAgain)).isEqualTo(FakeEntra.TENANT_ID);
    sameToken(cli.run("get-token", "-p", "user", "--tenant", OTHER, "--silent"), other, "still the other's");
  }

  @Test
  void theAzureCliIsAskedForTheOtherTenantAndEachTenantsTokenIsCachedApart(@TempDir Path bin) throws Exception {
    Path calls = bin.resolve("calls.log");
    Path az = bin.resolve("az");
    // the fake az logs its arguments and answers with a token naming the tenant it was asked for
    Files.writeString(az, "#!/bin/sh\n"
        + "echo \"$@\" >> '" + calls + "'\n"
        + "t=$(echo \"$@\" | sed 's/.*--tenant \\([^ ]*\\).*/\\1/')\n"
        + "claims=$(printf '{\"tid\":\"%s\"}' \"$t\" | base64 | tr '+/' '-_' | tr -d '=\\n')\n"
        + "printf '{\"accessToken\": \"eyJ0eXAiOiJKV1QifQ.%s.sig\", \"expires_on\": %s, \"tokenType\": \"Bearer\"}' "
        + "\"$claims\" $(( $(date +%s) + 3600 ))\n");
    Files.setPosixFilePermissions(az, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    CliRunner azCli = cli.env("PATH", bin + ":/usr/bin:/bin");
    Result created = azCli.run("config", "create", "--name", "cli", "--auth-method", "AzureCli", "--tenant",
        FakeEntra.TENANT_DOMAIN, "--scopes", "https://management.azure.com/.default");
    assertThat(created.exitCode()).as(created.toString()).isZero();

    Result own = azCli.run("get-token", "-p", "cli");
    Result other = azCli.run("get-token", "-p", "cli", "--tenant", OTHER);
    assertThat(own.exitCode()).as(own.err()).isZero();
    assertThat(other.exitCode()).as(other.err()).isZero();
    assertThat(Files.readAllLines(calls)).containsExactly(
        "account get-access-token --scope https://management.azure.com/.default --tenant " + FakeEntra.TENANT_DOMAIN
            + " -o json",
        "account get-access-token --scope https://management.azure.com/.default --tenant " + OTHER + " -o json");
    sameToken(azCli.run("get-token", "-p", "cli"), own, "the profile's tenant, cached");
    sameToken(azCli.run("get-token", "-p", "cli", "--tenant", OTHER), other, "the other tenant, cached");
    assertThat(Files.readAllLines(calls)).as("both answered from the cache").hasSize(2);
  }

  @Test
  void anInvalidTenantOrAManagedIdentityIsAUsageError() {
    Result bad = cli.run("get-token", "-p", "any", "--tenant", "not a tenant");
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(bad.err()).startsWith("Error: Invalid --tenant: 'not a tenant' is not a tenant ID GUID");

    Result mi = cli.run("get-token", "--managed-identity", "--scope", "https://vault.azure.net/.default", "--tenant",
        OTHER);
    assertThat(mi.exitCode()).as(mi.toString()).isEqualTo(ExitCode.USAGE.code());
    assertThat(mi.err()).isEqualTo("Error: --tenant does not apply to a managed identity: it gets tokens only in "
        + "its own tenant\nHint: Leave --tenant out\n");

    Result saved = cli.run("config", "create", "--name", "mi", "--auth-method", "ManagedIdentity", "--scopes",
        "https://vault.azure.net/.default");
    assertThat(saved.exitCode()).as(saved.toString()).isZero();
    for (String command : new String[] {"get-token", "refresh"}) {
      Result r = cli.run(command, "-p", "mi", "--tenant", OTHER);
      assertThat(r.exitCode()).as(command + ": " + r).isEqualTo(ExitCode.USAGE.code());
      assertThat(r.err()).isEqualTo("Error: --tenant does not apply to a managed identity: it gets tokens only in "
          + "its own tenant\nHint: Leave --tenant out\n");
    }
    Result badRefresh = cli.run("refresh", "-p", "any", "--tenant", "not a tenant");
    assertThat(badRefresh.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(badRefresh.err()).startsWith("Error: Invalid --tenant: 'not a tenant' is not a tenant ID GUID");
  }
}
