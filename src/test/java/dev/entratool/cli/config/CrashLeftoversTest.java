package dev.entratool.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.secret.EncryptedFileSecretStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.MemoryRuntimeDir;
import dev.entratool.testing.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run killed half-way leaves behind, and how the next run deals with it: a delete cut short leaves at worst
 * secrets and tokens no profile uses, never a profile without its secret, and a new profile of that name picks
 * none of them up; temporary copies of the vault, profiles.json or the token cache go with the next write of the
 * same file.
 */
class CrashLeftoversTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  private static void expectOk(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private Optional<String> stored(String profile, SecretKind kind) {
    return new EncryptedFileSecretStore(home.resolve("secrets.vault"), home.resolve("secrets.key"), Optional.empty(),
        notice -> { }).read(profile, kind);
  }

  /** Profile "sp" with its secret stored and a token cached. */
  private CliRunner cachedProfile() {
    CliRunner cli = fx.cli(home);
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("the-secret").allow("https://graph.microsoft.com", "x");
    fx.createSecretProfile(cli, "sp", client, "the-secret", GRAPH);
    expectOk(cli.run("get-token", "-p", "sp", "--silent"));
    return cli;
  }

  @Test
  void aDeleteThatCannotRemoveTheProfileKeepsItsSecretAndTokens() throws Exception {
    CliRunner cli = cachedProfile();
    // a folder where the lock file belongs: profiles.json cannot be changed
    Files.delete(home.resolve("profiles.json.lock"));
    Files.createDirectories(home.resolve("profiles.json.lock"));
    CliRunner.Result r = cli.run("config", "delete", "-p", "sp", "--yes");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("Error: Cannot write " + home.resolve("profiles.json"));
    Files.delete(home.resolve("profiles.json.lock"));

    assertThat(stored("sp", SecretKind.CLIENT_SECRET)).as("the profile's secret").contains("the-secret");
    assertThat(home.resolve("cache").resolve("sp.tokens")).exists();
    int before = fx.entra.tokenRequests();
    expectOk(cli.run("get-token", "-p", "sp", "--silent", "--force"));
    assertThat(fx.entra.tokenRequests()).as("the profile still works").isEqualTo(before + 1);
  }

  /** Cached tokens a delete cannot remove: the error names the file, and the hint says what to do with it. */
  @Test
  void aDeleteThatCannotRemoveTheCachedTokensNamesTheFile() throws Exception {
    CliRunner cli = cachedProfile();
    Path tokens = home.resolve("cache").resolve("sp.tokens");
    Files.delete(tokens);
    Files.writeString(Files.createDirectories(tokens).resolve("in-the-way"), "x"); // a folder no delete removes
    CliRunner.Result r = cli.run("config", "delete", "-p", "sp", "--yes");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("Error: Profile 'sp' was deleted, but its cached tokens could not be removed: "
        + tokens + "\nHint: Check that the folder of the file named above is writable, and delete that file\n");
    assertThat(new ProfileStore(home.resolve("profiles.json")).find("sp")).isEmpty();
  }

  /**
   * The state a delete leaves when killed after its first step (the profile removed from profiles.json): the secret,
   * the cache key, the cached tokens and the fast-path entry are all still there.
   */
  private CliRunner leftoversOfADeletedProfile(String client, MemoryRuntimeDir runtime) {
    CliRunner cli = fx.cli(home).env("XDG_RUNTIME_DIR", runtime.path.toString());
    fx.createSecretProfile(cli, "sp", client, "old-secret", GRAPH);
    expectOk(cli.run("get-token", "-p", "sp", "--silent"));
    ProfileStore profiles = new ProfileStore(home.resolve("profiles.json"));
    profiles.locked(locked -> {
      locked.write(locked.all().stream().filter(p -> !p.name().equals("sp")).toList());
      return null;
    });
    assertThat(profiles.find("sp")).isEmpty();
    assertThat(stored("sp", SecretKind.CLIENT_SECRET)).contains("old-secret");
    assertThat(home.resolve("cache").resolve("sp.tokens")).exists();
    assertThat(runtime.entry(home, "sp")).exists();
    return cli;
  }

  @Test
  void aProfileCreatedWhereADeleteWasCutShortStartsWithNoOldTokens() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("old-secret").secret("new-secret").allow("https://graph.microsoft.com", "x");
    try (MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      CliRunner cli = leftoversOfADeletedProfile(client, runtime);
      // the same app, now named by the tenant's ID: the tokens got before must not answer for it
      expectOk(cli.runWithStdin("new-secret\n", "config", "create", "--name", "sp", "--tenant", FakeEntra.TENANT_ID,
          "--client-id", client, "--scopes", GRAPH, "--authority-host", fx.entra.authorityHost(), "--secret-stdin"));
      assertThat(home.resolve("cache").resolve("sp.tokens")).doesNotExist();
      assertThat(runtime.entry(home, "sp")).doesNotExist();
      assertThat(stored("sp", SecretKind.CACHE_KEY)).isEmpty();
      int before = fx.entra.tokenRequests();
      expectOk(cli.run("get-token", "-p", "sp", "--silent"));
      assertThat(fx.entra.tokenRequests()).as("a new request for the new profile").isEqualTo(before + 1);
    }
  }

  @Test
  void aProfileImportedWhereADeleteWasCutShortPicksUpNoOldSecret() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("old-secret").allow("https://graph.microsoft.com", "x");
    try (MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      CliRunner cli = leftoversOfADeletedProfile(client, runtime);
      Profile.Builder sp = TestBundles.profile("sp", FakeEntra.TENANT_DOMAIN, client);
      sp.authorityHost = fx.entra.authorityHost();
      Path bundle = TestBundles.write(home.resolveSibling(home.getFileName() + ".bundle"), sp.build(), Map.of());
      CliRunner.Result imported = cli.env("ENTRATOOL_EXPORT_PASSPHRASE", TestBundles.PASSPHRASE)
          .run("config", "import", "-i", bundle.toString());
      expectOk(imported);
      assertThat(imported.err()).isEqualTo("✓ Imported profile 'sp'\n"
          + "  No client secret came with it: set it with 'entratool config edit -p sp'\n");
      assertThat(stored("sp", SecretKind.CLIENT_SECRET)).isEmpty();
      int before = fx.entra.tokenRequests();
      CliRunner.Result r = cli.run("get-token", "-p", "sp", "--silent");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
      assertThat(r.err()).contains("Error: Profile 'sp' has no client secret stored");
      assertThat(fx.entra.tokenRequests()).isEqualTo(before);
    }
  }

  @Test
  void temporaryCopiesAKilledWriterLeftGoWithTheNextWriteOfTheSameFile() throws Exception {
    CliRunner cli = fx.cli(home);
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("s").secret("s2").allow("https://graph.microsoft.com", "x");
    fx.createSecretProfile(cli, "sp", client, "s", GRAPH);
    Path cache = Files.createDirectories(home.resolve("cache"));
    // as writeAtomically names them: "." + file name + "." + random digits + ".tmp"
    List<Path> stale = List.of(home.resolve(".secrets.vault.8472615093.tmp"), home.resolve(".secrets.key.31.tmp"),
        home.resolve(".profiles.json.5550123.tmp"), cache.resolve(".sp.tokens.90210.tmp"));
    // not temp files of those: another file's, and a profile whose name extends "sp.tokens"
    List<Path> others = List.of(home.resolve(".secrets.vault.lock.tmp"), home.resolve("notes.tmp"),
        cache.resolve(".sp.tokens.x.tokens.17.tmp"), cache.resolve(".other.tokens.17.tmp"));
    for (Path p : Stream.concat(stale.stream(), others.stream()).toList()) {
      Files.writeString(p, "left by a killed writer");
    }

    expectOk(cli.runWithStdin("s2\n", "config", "edit", "-p", "sp", "--secret-stdin")); // the vault and profiles.json
    expectOk(cli.run("get-token", "-p", "sp", "--silent")); // the token cache
    for (Path p : stale) {
      assertThat(p).as("stale").doesNotExist();
    }
    for (Path p : others) {
      assertThat(p).as("not ours to remove").exists();
    }
  }
}
