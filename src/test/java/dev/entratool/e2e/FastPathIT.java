package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.KeyringTestSupport;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.MemoryRuntimeDir;
import dev.entratool.testing.TestJwts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher answers the script commands on the fast path: no command-line parser, no JSON library, no
 * crypto provider, no MSAL and no java-keyring are even loaded (the class-load log shows it).
 */
class FastPathIT {
  private static final String[] HEAVY = {"picocli.", "com.fasterxml.", "javax.crypto.Cipher ", "com.microsoft.aad.",
      "com.github.javakeyring.Keyring ", "org.freedesktop.dbus.", "dev.entratool.cache.EncryptedTier "};

  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  @Test
  void discoverAndInspectOfATokenFile() throws Exception {
    long now = Instant.now().getEpochSecond();
    Path token = Files.writeString(home.resolve("token.txt"),
        TestJwts.sign(TestJwts.graphClaims(now - 60, now + 3600)));
    for (String command : new String[] {"discover", "inspect"}) {
      Path classLog = home.resolve(command + ".log");
      CliRunner.Result r = new Launcher(home.resolve(".entratool"))
          .env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + classLog)
          .run(null, command, "-f", token.toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(Files.readString(classLog)).contains("dev.entratool.cli.fast.FastPath ").doesNotContain(HEAVY);
    }
  }

  /** With the keyring and no runtime directory, a hit comes from the memory folder: the keyring is not asked. */
  @Test
  void cachedGetTokenWithTheKeyringAndNoRuntimeDirectoryLoadsNoDBus() throws Exception {
    KeyringTestSupport.assumeKeyring();
    String name = "fast-it-" + UUID.randomUUID().toString().substring(0, 8);
    String client = fx.registerSecretApp("it-secret");
    try (MemoryRuntimeDir shm = new MemoryRuntimeDir()) {
      Launcher launcher = new Launcher(home.resolve(".entratool")).env("ENTRATOOL_SECRET_STORE", "keyring")
          .env("XDG_RUNTIME_DIR", null).env("ENTRATOOL_SHM_DIR", shm.path.toString())
          .env("ENTRATOOL_CA_BUNDLE", fx.pki.writeCaBundle(home.resolve("ca.pem")).toString());
      CliRunner.Result created = launcher.run("it-secret\n", "config", "create", "--name", name, "--tenant",
          FakeEntra.TENANT_DOMAIN, "--client-id", client, "--authority-host", fx.entra.authorityHost(),
          "--secret-stdin");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      try {
        CliRunner.Result first = launcher.run(null, "get-token", "-p", name, "--silent");
        assertThat(first.exitCode()).as(first.toString()).isZero();

        Path classLog = home.resolve("get-token.log");
        int requests = fx.entra.tokenRequests();
        CliRunner.Result cached = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + classLog)
            .run(null, "get-token", "-p", name, "--silent");
        assertThat(cached).isEqualTo(first);
        assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
        assertThat(Files.readString(classLog)).contains("dev.entratool.cli.fast.FastPath ").doesNotContain(HEAVY)
            .doesNotContain("dev.entratool.secret.dbus.DBusConnection ")
            .contains("dev.entratool.cli.fast.FastPath source: shared objects file")
          .doesNotContainPattern("dev\\.entratool\\.\\S+ source: file:");
      } finally {
        launcher.env("ENTRATOOL_JAVA_OPTS", null).run(null, "config", "delete", "-p", name, "--yes");
      }
      assertThat(shm.memoryEntries(name)).as("deleted with the profile").isEmpty();
    }
  }

  /**
   * A container or CI job: the file store with a passphrase, no runtime directory, the real /dev/shm. A cached
   * get-token is served from this user's folder there by the small archive, loads no crypto, and needs no passphrase
   * (a wrong one does not matter); deleting the profile removes the entry. The test's home is its own, and whatever
   * it leaves in /dev/shm is removed.
   */
  @Test
  void cachedGetTokenInAContainerWithAPassphraseVaultNeverOpensTheVault() throws Exception {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"), "no /dev/shm tmpfs here");
    Path mine = shm.resolve("entratool-" + Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    assumeTrue(!Files.exists(mine, LinkOption.NOFOLLOW_LINKS)
        || PosixFilePermissions.toString(Files.getPosixFilePermissions(mine, LinkOption.NOFOLLOW_LINKS))
            .equals("rwx------"), mine + " is not this user's private folder");
    String name = "ct-" + UUID.randomUUID().toString().substring(0, 8);
    String client = fx.registerSecretApp("it-secret");
    Launcher launcher = new Launcher(home.resolve(".entratool")).unset("XDG_RUNTIME_DIR").unset("ENTRATOOL_SHM_DIR")
        .env("ENTRATOOL_VAULT_PASSPHRASE", "container passphrase")
        .env("ENTRATOOL_CA_BUNDLE", fx.pki.writeCaBundle(home.resolve("ca.pem")).toString());
    boolean made = !Files.exists(mine, LinkOption.NOFOLLOW_LINKS);
    List<Path> left = new ArrayList<>();
    try {
      CliRunner.Result created = launcher.run("it-secret\n", "config", "create", "--name", name, "--tenant",
          FakeEntra.TENANT_DOMAIN, "--client-id", client, "--authority-host", fx.entra.authorityHost(),
          "--secret-stdin");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      CliRunner.Result first = launcher.run(null, "get-token", "-p", name, "--silent");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      left.addAll(entries(mine, name));
      assertThat(left).as("kept in " + mine).hasSize(1);

      Path classLog = home.resolve("container.log");
      int requests = fx.entra.tokenRequests();
      CliRunner.Result cached = launcher.env("ENTRATOOL_VAULT_PASSPHRASE", "not the passphrase")
          .env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + classLog).run(null, "get-token", "-p", name,
              "--silent");
      assertThat(cached).isEqualTo(first);
      assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
      assertThat(Files.readString(classLog)).contains("dev.entratool.cache.SessionTier ").doesNotContain(HEAVY)
          .doesNotContain("javax.crypto.").doesNotContain("dev.entratool.secret.")
          .contains("dev.entratool.cli.fast.FastPath source: shared objects file")
          .doesNotContainPattern("dev\\.entratool\\.\\S+ source: file:");

      CliRunner.Result deleted = launcher.env("ENTRATOOL_JAVA_OPTS", null)
          .env("ENTRATOOL_VAULT_PASSPHRASE", "container passphrase").run(null, "config", "delete", "-p", name,
              "--yes");
      assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
      assertThat(entries(mine, name)).as("deleted with the profile").isEmpty();
    } finally {
      for (Path entry : left) {
        Files.deleteIfExists(entry);
        Files.deleteIfExists(entry.resolveSibling(entry.getFileName() + ".lock"));
        try (Stream<Path> rest = Files.list(entry.getParent())) {
          if (rest.findAny().isEmpty()) {
            Files.delete(entry.getParent()); // this test's home's folder
          }
        }
      }
      if (made && Files.isDirectory(mine, LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> rest = Files.list(mine)) {
          if (rest.findAny().isEmpty()) {
            Files.delete(mine); // as it was before the test: there was none
          }
        }
      }
    }
  }

  /** {@code profile}'s session entries in {@code mine}, in any home's folder. */
  private static List<Path> entries(Path mine, String profile) throws IOException {
    if (!Files.isDirectory(mine)) {
      return List.of();
    }
    try (Stream<Path> homes = Files.list(mine)) {
      return homes.map(h -> h.resolve(profile + ".access-token")).filter(Files::exists).toList();
    }
  }

  @Test
  void cachedGetTokenFromTheRuntimeDirectoryLoadsNoDBus() throws Exception {
    String client = fx.registerSecretApp("it-secret");
    try (MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      Launcher launcher = new Launcher(home.resolve(".entratool")).env("XDG_RUNTIME_DIR", runtime.path.toString())
          .env("ENTRATOOL_CA_BUNDLE", fx.pki.writeCaBundle(home.resolve("ca.pem")).toString());
      CliRunner.Result created = launcher.run("it-secret\n", "config", "create", "--name", "ci", "--tenant",
          FakeEntra.TENANT_DOMAIN, "--client-id", client, "--authority-host", fx.entra.authorityHost(),
          "--secret-stdin");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      CliRunner.Result first = launcher.run(null, "get-token", "-p", "ci", "--silent");
      assertThat(first.exitCode()).as(first.toString()).isZero();

      Path classLog = home.resolve("get-token.log");
      Path cdsLog = home.resolve("get-token-cds.log");
      int requests = fx.entra.tokenRequests();
      CliRunner.Result cached = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + classLog
          + " -Xlog:cds=info:file=" + cdsLog).run(null, "get-token", "-p", "ci", "--silent");
      assertThat(cached).isEqualTo(first);
      assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
      assertThat(Files.readString(classLog)).contains("dev.entratool.cache.SessionTier ")
          .doesNotContain(HEAVY).doesNotContain("dev.entratool.secret.dbus.DBusConnection ")
          .contains("dev.entratool.cli.fast.FastPath source: shared objects file")
          .doesNotContainPattern("dev\\.entratool\\.\\S+ source: file:"); // every class from the archive
      assertThat(Files.readString(cdsLog)).as("the launcher chose the small archive")
          .contains("Opened archive ").contains("entratool-fast.jsa.");

      // with its status lines, as a person runs it: the same lines as the full path, and still nothing heavy
      Path talkLog = home.resolve("get-token-talk.log");
      CliRunner.Result talking = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + talkLog)
          .run(null, "get-token", "-p", "ci");
      assertThat(talking.exitCode()).as(talking.toString()).isZero();
      assertThat(talking.out()).isEqualTo(first.out());
      assertThat(talking.err())
          .isEqualTo("Authenticating with profile 'ci'...\n\u2713 Token acquired successfully\n");
      assertThat(Files.readString(talkLog)).contains("dev.entratool.cli.fast.FastPath ").doesNotContain(HEAVY);

      // no entry in the runtime directory (after a reboot, say): the encrypted cache answers, on the domain without
      // the command line, and the launcher gave it the token archive
      Files.delete(runtime.entry(home.resolve(".entratool"), "ci"));
      Path missLog = home.resolve("get-token-miss.log");
      Path missCds = home.resolve("get-token-miss-cds.log");
      CliRunner.Result miss = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + missLog
          + " -Xlog:cds=info:file=" + missCds).run(null, "get-token", "-p", "ci", "--silent");
      assertThat(miss).isEqualTo(first);
      assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
      assertThat(Files.readString(missLog)).contains("dev.entratool.cache.EncryptedTier source: shared objects file")
          .doesNotContain("picocli.");
      assertThat(Files.readString(missCds)).as("the launcher chose the token archive").contains("Opened archive ")
          .contains("entratool-token.jsa.");
      assertThat(runtime.entry(home.resolve(".entratool"), "ci")).as("kept again").exists();

      // --force: a token request, with MSAL and TLS from the token archive, and still no command line; the CA bundle
      // vouches for the emulator, so the system's CAs are never loaded (nor to tell whether the chain ends at one of
      // them, as the trust manager's host name check would)
      Path forceLog = home.resolve("get-token-force.log");
      CliRunner.Result forced = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + forceLog)
          .run(null, "get-token", "-p", "ci", "--force");
      assertThat(forced.exitCode()).as(forced.toString()).isZero();
      assertThat(forced.err()).isEqualTo(talking.err());
      assertThat(fx.entra.tokenRequests()).isEqualTo(requests + 1);
      assertThat(Files.readString(forceLog))
          .contains("com.microsoft.aad.msal4j.ConfidentialClientApplication source: shared objects file")
          .doesNotContain("picocli.").doesNotContain("sun.security.ssl.TrustStoreManager ")
          .doesNotContain("sun.security.util.AnchorCertificates ")
          .doesNotContainPattern("dev\\.entratool\\.\\S+ source: file:");
    }
  }
}
