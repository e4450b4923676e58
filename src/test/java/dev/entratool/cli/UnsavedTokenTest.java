package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token the authority issued is handed over even when the token cache cannot be written: a warning says so, and
 * the command succeeds. Here a folder stands where the cache file goes (any user can make that; the full disk
 * itself, as root: e2e/FullDiskIT).
 */
class UnsavedTokenTest {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  /** Makes {@code profile}'s cache file impossible to write: a folder, not empty, in its place. */
  private Path blockCache(String profile) throws Exception {
    Path cache = Files.createDirectories(home.resolve("cache").resolve(profile + ".tokens"));
    Files.writeString(cache.resolve("in-the-way"), "x");
    return cache;
  }

  /** The warning's start; its cause is the operating system's words. */
  private static String warning(Path cache) {
    return "Warning: the token could not be cached (Cannot write the token cache " + cache + ": ";
  }

  static final String NEXT_CALL = "); the next call asks the authority again\n";

  @Test
  void anAppTokenIsPrintedAndTheWarningSaysItWasNotCached() throws Exception {
    String client = fx.registerSecretApp("cc-secret");
    CliRunner cli = fx.cli(home);
    fx.createSecretProfile(cli, "sp", client, "cc-secret", "https://graph.microsoft.com/.default");
    Path cache = blockCache("sp");

    int requests = fx.entra.tokenRequests();
    CliRunner.Result r = cli.run("get-token", "-p", "sp");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).matches("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");
    assertThat(r.err()).startsWith("Authenticating with profile 'sp'...\n" + warning(cache)).contains(NEXT_CALL)
        .endsWith("✓ Token acquired successfully\n");
    CliRunner.Result silent = cli.run("get-token", "-p", "sp", "--silent");
    assertThat(silent.exitCode()).as(silent.toString()).isZero();
    assertThat(silent.err()).as("a warning shows even with --silent").startsWith("Warning: the token could not "
        + "be cached");
    assertThat(fx.entra.tokenRequests()).as("nothing cached: both asked the authority").isEqualTo(requests + 2);
  }

  @Test
  void aPersonSigningInDoesNotLoseTheTokenEither() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).publicClient().allow("https://graph.microsoft.com", "User.Read");
    CliRunner cli = fx.cli(home);
    CliRunner.Result created = cli.run("config", "create", "--name", "person", "--tenant", FakeEntra.TENANT_DOMAIN,
        "--client-id", client, "--scopes", "https://graph.microsoft.com/User.Read", "--auth-method", "None",
        "--default-flow", "DeviceCode", "--authority-host", fx.entra.authorityHost());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Path cache = blockCache("person");
    fx.entra.deviceCodeOutcomes("approve");

    CliRunner.Result r = cli.run("get-token", "-p", "person");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).matches("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");
    assertThat(r.err()).contains("Device Code Authentication\n").contains(warning(cache)).contains(NEXT_CALL)
        .endsWith("✓ Token acquired successfully\n");
  }
}
