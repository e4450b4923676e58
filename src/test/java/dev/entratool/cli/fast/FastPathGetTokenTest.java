package dev.entratool.cli.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Terminal;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStores;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.KeyringTestSupport;
import dev.entratool.testing.MemoryRuntimeDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cached get-token answered before the command line is built: from the profile's entry in the session tier (the
 * session's runtime directory, else this user's private folder on the memory file system), with the full path's
 * output, and only while that entry truly answers the request.
 */
class FastPathGetTokenTest {
  @TempDir Path home;

  /**
   * With the keyring and no runtime directory (an ssh login, cron): the session tier is this user's folder on the
   * memory file system, never the keyring, and an older entratool's copy in the keyring goes with the profile.
   */
  @Test
  void aCacheHitWithTheKeyringIsAnsweredFromTheMemoryFolderExactlyAsTheFullPathAnswersIt() throws Exception {
    KeyringTestSupport.assumeKeyring();
    String name = "fast-" + UUID.randomUUID().toString().substring(0, 8);
    try (EntraFixture fx = new EntraFixture(home); MemoryRuntimeDir shm = new MemoryRuntimeDir()) {
      CliRunner cli = profile(fx, home.resolve("home"), name, Duration.ofHours(1))
          .env("ENTRATOOL_SHM_DIR", shm.path.toString());
      CliRunner full = fx.cli(home.resolve("home")).env("ENTRATOOL_SECRET_STORE", "keyring")
          .env("ENTRATOOL_SHM_DIR", shm.path.toString()).env("ENTRATOOL_NO_FAST_PATH", "1");
      Map<String, String> env = new HashMap<>(cli.environment());
      try {
        assertThat(fast(env, "get-token", "-p", name).exitCode()).as("nothing stored yet")
            .isEqualTo(FastPath.NOT_HANDLED);
        Result first = full.run("get-token", "-p", name);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(shm.memoryEntries(name)).singleElement().satisfies(entry -> assertThat(Files.readString(entry))
            .startsWith("entratool-fast-token-v2\n").contains("token=" + first.out().trim()));
        assertThat(KeyringTestSupport.secretToolLookup(name + ":access-token")).as("no token in the keyring")
            .isNull();

        int requests = fx.entra.tokenRequests();
        for (String[] call : new String[][] {
            {"get-token", "-p", name},
            {"get-token", "--profile", name, "--silent"},
            {"get-token", "-p", name, "--scope", "https://graph.microsoft.com/.default", "--min-validity", "30"}}) {
          Result fast = fast(env, call);
          assertThat(fast.exitCode()).as(String.join(" ", call)).isZero();
          assertThat(fast).isEqualTo(full.run(call));
        }
        assertThat(fx.entra.tokenRequests()).as("no request for a cache hit").isEqualTo(requests);

        // not answered: another resource, more validity than is left, --force, a flag it does not know
        for (String[] call : new String[][] {
            {"get-token", "-p", name, "--scope", "https://management.azure.com/.default"},
            {"get-token", "-p", name, "--min-validity", "120"},
            {"get-token", "-p", name, "--force"},
            {"get-token", "-p", name, "--json"},
            {"get-token", "-p", name, "-f", "DeviceCode"},
            {"get-token", "-p", "no-such-profile"},
            {"get-token", "-p"}}) {
          assertThat(fast(env, call)).as(String.join(" ", call)).isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));
        }

        // the profile now names another tenant: its old token must not answer, and an older entratool's copy of it
        // in the keyring goes too
        Environment keyring = Environment.of(env);
        SecretStores.select(keyring, AppPaths.from(keyring), notice -> { })
            .write(name, SecretKind.RETIRED_ACCESS_TOKEN, "entratool-fast-token-v1\n");
        Result edited = cli.run("config", "edit", "-p", name, "--tenant", FakeEntra.TENANT_ID);
        assertThat(edited.exitCode()).as(edited.toString()).isZero();
        assertThat(fast(env, "get-token", "-p", name).exitCode()).isEqualTo(FastPath.NOT_HANDLED);
        assertThat(shm.memoryEntries(name)).as("dropped with the cache").isEmpty();
        assertThat(KeyringTestSupport.secretToolLookup(name + ":access-token")).as("the older copy too").isNull();
      } finally {
        assertThat(cli.run("config", "delete", "-p", name, "--yes").exitCode()).isZero();
      }
      assertThat(KeyringTestSupport.secretToolLookup(name + ":access-token")).as("deleted with the profile").isNull();
    }
  }

  /**
   * The file store without a runtime directory (a container, CI): a cached token comes from this user's folder in
   * memory, on the fast and on the full path, without opening the vault. The proof: a wrong passphrase, with which the
   * vault cannot be opened, still gets the cached token; and once the entry is gone, it does not.
   */
  @Test
  void aCachedTokenWithAPassphraseVaultAndNoRuntimeDirectoryNeverOpensTheVault() throws Exception {
    try (EntraFixture fx = new EntraFixture(home); MemoryRuntimeDir shm = new MemoryRuntimeDir()) {
      CliRunner cli = profile(fx, home.resolve("home"), "ci", Duration.ofHours(1), "file",
          Map.of("ENTRATOOL_VAULT_PASSPHRASE", "right passphrase", "ENTRATOOL_SHM_DIR", shm.path.toString()));
      CliRunner full = cli.env("ENTRATOOL_NO_FAST_PATH", "1");
      Result first = full.run("get-token", "-p", "ci");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(shm.memoryEntries("ci")).hasSize(1);
      int requests = fx.entra.tokenRequests();

      cli.env("ENTRATOOL_VAULT_PASSPHRASE", "wrong passphrase");
      Map<String, String> env = fastEnv(cli);
      assertThat(fast(env, "get-token", "-p", "ci")).as("the fast path").isEqualTo(first);
      assertThat(full.run("get-token", "-p", "ci")).as("the full path looks there first too").isEqualTo(first);
      assertThat(fx.entra.tokenRequests()).isEqualTo(requests);

      Result vault = full.run("get-token", "-p", "ci", "--force");
      assertThat(vault.exitCode()).as("the vault does not open with it").isNotZero();
      assertThat(vault.err()).contains("wrong key or passphrase");
      for (Path entry : shm.memoryEntries("ci")) {
        Files.delete(entry);
      }
      Result miss = full.run("get-token", "-p", "ci");
      assertThat(miss.exitCode()).as("without the entry the vault is needed").isNotZero();
      assertThat(miss.out()).isEmpty();
    }
  }

  /**
   * Someone made this user's folder on the memory file system first (the shared /dev/shm lets anyone): it is refused,
   * a token planted there is never handed out, nothing is written there, and the encrypted tier answers (--verbose
   * says why).
   */
  @Test
  void aSquattedMemoryFolderIsRefusedAndTheEncryptedTierAnswers() throws Exception {
    try (EntraFixture fx = new EntraFixture(home); MemoryRuntimeDir shm = new MemoryRuntimeDir();
        MemoryRuntimeDir squatted = new MemoryRuntimeDir()) {
      CliRunner cli = profile(fx, home.resolve("home"), "ci", Duration.ofHours(1), "file",
          Map.of("ENTRATOOL_SHM_DIR", shm.path.toString()));
      CliRunner full = cli.env("ENTRATOOL_NO_FAST_PATH", "1");
      Result first = full.run("get-token", "-p", "ci");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      Path genuine = shm.memoryEntries("ci").get(0);
      // the same folders in another memory file system, open to everyone, with a token of the squatter's
      Path planted = squatted.path.resolve(shm.path.relativize(genuine));
      Files.createDirectories(planted.getParent());
      Files.writeString(planted, Files.readString(genuine).replace(first.out().trim(), "eyJ.planted.token"));
      Files.setPosixFilePermissions(planted.getParent().getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
      String before = Files.readString(planted);
      cli.env("ENTRATOOL_SHM_DIR", squatted.path.toString());
      int requests = fx.entra.tokenRequests();

      assertThat(fast(fastEnv(cli), "get-token", "-p", "ci")).isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));
      Result served = full.run("--verbose", "get-token", "-p", "ci");
      assertThat(served.exitCode()).as(served.toString()).isZero();
      assertThat(served.out()).isEqualTo(first.out());
      assertThat(served.err()).contains("Session cache: not used (XDG_RUNTIME_DIR is not set, and "
          + planted.getParent().getParent() + " has mode 777, not 700)").doesNotContain("eyJ");
      assertThat(fx.entra.tokenRequests()).as("from the encrypted tier").isEqualTo(requests);
      assertThat(Files.readString(planted)).as("nothing written there").isEqualTo(before);
      try (java.util.stream.Stream<Path> files = Files.list(planted.getParent())) {
        assertThat(files).containsExactly(planted);
      }
    }
  }

  @Test
  void aCacheHitIsAnsweredFromTheRuntimeDirectoryWithAnyStore() throws Exception {
    String name = "fast-run-" + UUID.randomUUID().toString().substring(0, 8);
    try (EntraFixture fx = new EntraFixture(home); MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      CliRunner cli = profile(fx, home.resolve("home"), name, Duration.ofHours(1), "file")
          .env("XDG_RUNTIME_DIR", runtime.path.toString());
      CliRunner full = cli.env("ENTRATOOL_NO_FAST_PATH", "1");
      Map<String, String> env = fastEnv(cli);
      Path entry = runtime.entry(home.resolve("home"), name);

      assertThat(fast(env, "get-token", "-p", name).exitCode()).as("nothing kept yet").isEqualTo(FastPath.NOT_HANDLED);
      Result first = full.run("get-token", "-p", name);
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(Files.readString(entry)).as("the fast-path entry").startsWith("entratool-fast-token-v2\n")
          .contains("token=" + first.out().trim());
      int requests = fx.entra.tokenRequests();
      for (String[] call : new String[][] {
          {"get-token", "-p", name},
          {"get-token", "-p", name, "--silent", "--min-validity", "30"},
          {"get-token", "-p", name, "-f", "ClientCredentials", "--silent"},
          {"get-token", "--flow", "client-credentials", "-p", name}}) {
        Result fast = fast(env, call);
        assertThat(fast.exitCode()).as(String.join(" ", call)).isZero();
        assertThat(fast).isEqualTo(full.run(call));
      }
      // -o: the same file, mode 0600, and the same lines on stderr
      Path fastFile = home.resolve("fast-token.txt");
      Path fullFile = home.resolve("full-token.txt");
      Result fullToFile = full.run("get-token", "-p", name, "-o", fullFile.toString());
      assertThat(fast(env, "get-token", "-p", name, "-o", fastFile.toString())).isEqualTo(new Result(0, "",
          fullToFile.err().replace(fullFile.toString(), fastFile.toString())));
      assertThat(Files.readString(fastFile)).isEqualTo(Files.readString(fullFile)).isEqualTo(first.out());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fastFile))).isEqualTo("rw-------");
      assertThat(fast(env, "get-token", "-p", name, "--silent", "--output-file", fastFile.toString()))
          .isEqualTo(new Result(0, "", ""));
      assertThat(fast(env, "get-token", "-p", name, "-o", fastFile.resolve("t.txt").toString()).exitCode())
          .as("an unwritable file is reported by the full path").isEqualTo(FastPath.NOT_HANDLED);
      assertThat(fx.entra.tokenRequests()).as("no request for a cache hit").isEqualTo(requests);
      assertThat(fast(env, "get-token", "-p", name, "--scope", "https://management.azure.com/.default").exitCode())
          .as("another resource").isEqualTo(FastPath.NOT_HANDLED);
      for (String flow : new String[] {"DeviceCode", "InteractiveBrowser", "Bogus"}) {
        assertThat(fast(env, "get-token", "-p", name, "-f", flow)).as("a person's token, or no such flow")
            .isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));
      }

      // an entry someone changed by hand is not trusted, and the full path puts a good one back
      Files.writeString(entry, Files.readString(entry).replace("user=false", "user=maybe"));
      assertThat(fast(env, "get-token", "-p", name).exitCode()).isEqualTo(FastPath.NOT_HANDLED);
      assertThat(full.run("get-token", "-p", name)).isEqualTo(first);
      assertThat(fast(env, "get-token", "-p", name)).isEqualTo(first);

      // another tenant: the old token must not answer, and it is gone
      Result edited = cli.run("config", "edit", "-p", name, "--tenant", FakeEntra.TENANT_ID, "--keep-secrets");
      assertThat(edited.exitCode()).as(edited.toString()).isZero();
      assertThat(entry).as("dropped with the cache").doesNotExist();
      assertThat(fast(env, "get-token", "-p", name).exitCode()).isEqualTo(FastPath.NOT_HANDLED);
      assertThat(full.run("get-token", "-p", name).exitCode()).isZero();
      assertThat(entry).exists();
      assertThat(cli.run("config", "delete", "-p", name, "--yes").exitCode()).isZero();
      assertThat(entry).as("deleted with the profile").doesNotExist();
    }
  }

  /**
   * An entry kept for a query answers the same query without the profile being read while profiles.json is the
   * version it was resolved from (a thousand profiles then cost nothing); any write of the file, even of the same
   * bytes, ends that, and the profile is read again. The proof that the profile is not read: an entry whose key no
   * longer matches the profile still answers the query of its origin, and only that query.
   */
  @Test
  void anEntryAnswersItsOwnQueryWithoutReadingTheProfileUntilProfilesJsonIsWritten() throws Exception {
    try (EntraFixture fx = new EntraFixture(home); MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      CliRunner cli = profile(fx, home.resolve("home"), "ci", Duration.ofHours(1), "file")
          .env("XDG_RUNTIME_DIR", runtime.path.toString());
      CliRunner full = cli.env("ENTRATOOL_NO_FAST_PATH", "1");
      Map<String, String> env = fastEnv(cli);
      Path entry = runtime.entry(home.resolve("home"), "ci");
      Result first = full.run("get-token", "-p", "ci", "--scope", "https://graph.microsoft.com/.default");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      String kept = Files.readString(entry);
      assertThat(kept).containsPattern("\norigin=[^\n]+ flow=\\* tenant=\\* scope=https://graph.microsoft.com/"
          + "\\.default\n");

      // the same entry, but for another app: its key answers nothing any more
      Files.writeString(entry, kept.replaceFirst("\nclient=[^\n]+", "\nclient=00000000-0000-0000-0000-000000000000"));
      assertThat(fast(env, "get-token", "-p", "ci", "--scope", "https://graph.microsoft.com/.default"))
          .as("the query of its origin: answered by the origin alone").isEqualTo(first);
      assertThat(fast(env, "get-token", "-p", "ci", "--scope", "https://graph.microsoft.com/.default", "--min-validity",
          "120")).as("and only while valid long enough").isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));
      assertThat(fast(env, "get-token", "-p", "ci")).as("another query: resolved, and the key does not match")
          .isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));

      Path file = home.resolve("home").resolve("profiles.json");
      Path copy = file.resolveSibling("profiles.json.copy");
      Files.copy(file, copy);
      Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      assertThat(fast(env, "get-token", "-p", "ci", "--scope", "https://graph.microsoft.com/.default"))
          .as("profiles.json replaced by the same bytes: read again").isEqualTo(new Result(FastPath.NOT_HANDLED, "",
              ""));

      Files.writeString(entry, kept);
      Files.writeString(file, Files.readString(file)); // the same bytes, written in place
      int requests = fx.entra.tokenRequests();
      assertThat(fast(env, "get-token", "-p", "ci", "--scope", "https://graph.microsoft.com/.default"))
          .as("an entry whose key matches answers after the profile is read").isEqualTo(first);
      assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
    }
  }

  @Test
  void theProfileIsTheOneProfileStoreGivesTheFullPath() throws Exception {
    try (EntraFixture fx = new EntraFixture(home); MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      CliRunner cli = profile(fx, home.resolve("home"), "default", Duration.ofHours(1), "file")
          .env("XDG_RUNTIME_DIR", runtime.path.toString());
      CliRunner full = cli.env("ENTRATOOL_NO_FAST_PATH", "1");
      Map<String, String> env = fastEnv(cli);
      Result first = full.run("get-token");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      int requests = fx.entra.tokenRequests();
      assertThat(fast(env, "get-token")).as("no -p: the profile named default").isEqualTo(first);
      assertThat(fast(env, "get-token", "-p", "default")).isEqualTo(first);
      assertThat(fx.entra.tokenRequests()).isEqualTo(requests);

      // a hand edit that breaks this profile or the file: the fast path hands out no token from it, and the full path
      // reports the file
      Path file = home.resolve("home").resolve("profiles.json");
      String good = Files.readString(file);
      String otherBroken = good.replace("}\n  ]", "}, {\"name\":\"other\",\"tenantId\":\"common\",\"clientId\":"
          + "\"nope\",\"scopes\":[\"https://graph.microsoft.com/.default\"],\"authMethod\":\"None\"}\n  ]");
      for (String broken : new String[] {
          good.replace("\"useCertificate\"", "\"redirectUri\": \"ftp://localhost\",\n      \"useCertificate\""),
          good.replace("\"version\": 1,", "\"version\": 1, \"version\": 1,"),
          otherBroken.replace("\"other\"", "\"default\"")}) {
        assertThat(broken).isNotEqualTo(good);
        Files.writeString(file, broken);
        assertThat(fast(env, "get-token")).as(broken).isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));
        Result reported = full.run("get-token");
        assertThat(reported.exitCode()).as(broken).isEqualTo(3);
        assertThat(reported.out()).isEmpty();
        assertThat(reported.err()).startsWith("Error: " + file + " ");
      }
      // another profile broken: both paths answer for this one alike, and config list reports the other
      Files.writeString(file, otherBroken);
      assertThat(fast(env, "get-token")).isEqualTo(first);
      assertThat(full.run("get-token")).isEqualTo(first);
      assertThat(cli.run("config", "list").exitCode()).isEqualTo(3);
      Files.writeString(file, good);
      assertThat(fast(env, "get-token")).isEqualTo(first);
    }
  }

  @Test
  void aTokenCloseToExpiryIsLeftToTheFullPath() throws Exception {
    try (EntraFixture fx = new EntraFixture(home); MemoryRuntimeDir shm = new MemoryRuntimeDir()) {
      CliRunner cli = profile(fx, home.resolve("home"), "exp", Duration.ofMinutes(4), "file",
          Map.of("ENTRATOOL_SHM_DIR", shm.path.toString()));
      assertThat(cli.env("ENTRATOOL_NO_FAST_PATH", "1").run("get-token", "-p", "exp").exitCode()).isZero();
      Map<String, String> env = fastEnv(cli);
      assertThat(fast(env, "get-token", "-p", "exp").exitCode()).as("4 minutes left, 5 wanted")
          .isEqualTo(FastPath.NOT_HANDLED);
      assertThat(fast(env, "get-token", "-p", "exp", "--min-validity", "2").exitCode()).isZero();
    }
  }

  /**
   * The rules of a get-token are written once (auth/TokenQuery): the fast path and the full path agree on the
   * --min-validity default, its check, and the Client Credentials scope rule for the same profile and arguments.
   */
  @Test
  void theFastAndFullPathsApplyTheSameRules() throws Exception {
    try (EntraFixture fx = new EntraFixture(home); MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      CliRunner cli = profile(fx, home.resolve("home"), "rules", Duration.ofMinutes(4), "file")
          .env("XDG_RUNTIME_DIR", runtime.path.toString());
      CliRunner full = cli.env("ENTRATOOL_NO_FAST_PATH", "1");
      Map<String, String> env = fastEnv(cli);
      assertThat(full.run("get-token", "-p", "rules").exitCode()).isZero();

      // 4 minutes left: under the default, neither path reuses the token
      assertThat(fast(env, "get-token", "-p", "rules")).as("4 minutes left, the default wants more")
          .isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));
      int requests = fx.entra.tokenRequests();
      Result renewed = full.run("get-token", "-p", "rules");
      assertThat(renewed.exitCode()).as(renewed.toString()).isZero();
      assertThat(fx.entra.tokenRequests()).as("the full path's default wants more too").isEqualTo(requests + 1);
      requests = fx.entra.tokenRequests();
      for (String[] call : new String[][] {
          {"get-token", "-p", "rules", "--min-validity", "2"},
          {"get-token", "-p", "rules", "--min-validity", "0", "--silent"},
          {"get-token", "-p", "rules", "--min-validity", "1", "--scope",
              "openid https://graph.microsoft.com/.default"}}) {
        Result fast = fast(env, call);
        assertThat(fast.exitCode()).as(String.join(" ", call)).isZero();
        assertThat(fast).as(String.join(" ", call)).isEqualTo(full.run(call));
        assertThat(fast.out()).as("the renewed token").isEqualTo(renewed.out());
      }
      for (String[] call : new String[][] {
          {"get-token", "-p", "rules", "--min-validity", "-1"},
          {"get-token", "-p", "rules", "--min-validity", "x"},
          {"get-token", "-p", "rules", "--scope", "https://graph.microsoft.com/User.Read.All"},
          {"get-token", "-p", "rules", "--scope", "https://graph.microsoft.com/.default User.Read.All"},
          {"get-token", "-p", "rules", "--scope", " , "}}) {
        assertThat(fast(env, call)).as(String.join(" ", call)).isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));
        Result refused = full.run(call);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
      }
      assertThat(fx.entra.tokenRequests()).as("no request for a hit or a refused call").isEqualTo(requests);
    }
  }

  /**
   * Two homes, each with a profile of the same name for another app, in one login session: each keeps its own entry
   * in the runtime directory, answers with its own token, and deleting the profile in one leaves the other's entry.
   */
  @Test
  void twoHomesWithAProfileOfTheSameNameKeepTheirOwnEntries() throws Exception {
    try (EntraFixture fx = new EntraFixture(home); MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      Path homeA = home.resolve("a");
      Path homeB = home.resolve("b");
      CliRunner a = profile(fx, homeA, "ci", Duration.ofHours(1), "file")
          .env("XDG_RUNTIME_DIR", runtime.path.toString());
      CliRunner b = profile(fx, homeB, "ci", Duration.ofHours(1), "file")
          .env("XDG_RUNTIME_DIR", runtime.path.toString());
      Result tokenA = a.env("ENTRATOOL_NO_FAST_PATH", "1").run("get-token", "-p", "ci");
      Result tokenB = b.env("ENTRATOOL_NO_FAST_PATH", "1").run("get-token", "-p", "ci");
      assertThat(tokenA.exitCode()).as(tokenA.toString()).isZero();
      assertThat(tokenB.exitCode()).as(tokenB.toString()).isZero();
      assertThat(tokenA.out()).isNotEqualTo(tokenB.out());
      assertThat(runtime.entry(homeA, "ci")).isNotEqualTo(runtime.entry(homeB, "ci"));

      int requests = fx.entra.tokenRequests();
      Map<String, String> envA = new HashMap<>(a.environment());
      Map<String, String> envB = new HashMap<>(b.environment());
      envA.remove("ENTRATOOL_NO_FAST_PATH");
      envB.remove("ENTRATOOL_NO_FAST_PATH");
      assertThat(fast(envA, "get-token", "-p", "ci")).as("home a, from its own entry").isEqualTo(tokenA);
      assertThat(fast(envB, "get-token", "-p", "ci")).as("home b, from its own entry").isEqualTo(tokenB);
      assertThat(fx.entra.tokenRequests()).as("no request for a cache hit").isEqualTo(requests);

      assertThat(a.run("config", "delete", "-p", "ci", "--yes").exitCode()).isZero();
      assertThat(runtime.entry(homeA, "ci")).doesNotExist();
      assertThat(runtime.entry(homeB, "ci")).as("the other home's entry").exists();
      assertThat(fast(envB, "get-token", "-p", "ci")).isEqualTo(tokenB);
    }
  }

  /** The environment of {@code cli} with the fast path on. */
  private static Map<String, String> fastEnv(CliRunner cli) {
    Map<String, String> env = new HashMap<>(cli.environment());
    env.remove("ENTRATOOL_NO_FAST_PATH");
    return env;
  }

  private static Result fast(Map<String, String> env, String... args) {
    return FastCalls.run(env, Clock.systemUTC(), Terminal.NONE, args);
  }

  /** A Client Credentials profile with its secret in the keyring; tokens live {@code lifetime}. */
  private static CliRunner profile(EntraFixture fx, Path home, String name, Duration lifetime) {
    return profile(fx, home, name, lifetime, "keyring");
  }

  private static CliRunner profile(EntraFixture fx, Path home, String name, Duration lifetime, String store) {
    return profile(fx, home, name, lifetime, store, Map.of());
  }

  /** ... with {@code env} set for every run. */
  private static CliRunner profile(EntraFixture fx, Path home, String name, Duration lifetime, String store,
      Map<String, String> env) {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("fast-secret").allow("https://graph.microsoft.com", "User.Read.All")
        .tokenLifetime(lifetime);
    CliRunner cli = fx.cli(home).env("ENTRATOOL_SECRET_STORE", store);
    env.forEach(cli::env);
    Result created = cli.runWithStdin("fast-secret\n", "config", "create", "--name", name, "--tenant",
        FakeEntra.TENANT_DOMAIN, "--client-id", client, "--authority-host", fx.entra.authorityHost(),
        "--secret-stdin");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    return cli;
  }
}
