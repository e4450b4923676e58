package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.KeyringTestSupport;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.MemoryRuntimeDir;
import dev.entratool.testing.TestJwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
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

  @Test
  void cachedGetTokenFromTheKeyring() throws Exception {
    KeyringTestSupport.assumeKeyring();
    String name = "fast-it-" + UUID.randomUUID().toString().substring(0, 8);
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("it-secret").allow("https://graph.microsoft.com", "User.Read.All");
    Launcher launcher = new Launcher(home.resolve(".entratool")).env("ENTRATOOL_SECRET_STORE", "keyring")
        .env("XDG_RUNTIME_DIR", null) // the Secret Service entry, not the runtime directory's
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
          .as("the D-Bus socket found its SelectorProvider without a class path scan (set once in Main)")
          .contains("dev.entratool.secret.dbus.DBusConnection ")
          .doesNotContain("java.util.ServiceLoader$LazyClassPathLookupIterator ");
    } finally {
      launcher.env("ENTRATOOL_JAVA_OPTS", null).run(null, "config", "delete", "-p", name, "--yes");
    }
  }

  @Test
  void cachedGetTokenFromTheRuntimeDirectoryLoadsNoDBus() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("it-secret").allow("https://graph.microsoft.com", "User.Read.All");
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
      int requests = fx.entra.tokenRequests();
      CliRunner.Result cached = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + classLog)
          .run(null, "get-token", "-p", "ci", "--silent");
      assertThat(cached).isEqualTo(first);
      assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
      assertThat(Files.readString(classLog)).contains("dev.entratool.cache.SessionTier ")
          .doesNotContain(HEAVY).doesNotContain("dev.entratool.secret.dbus.DBusConnection ")
          .as("the launcher chose the small archive (its classes are the top layer)")
          .contains("dev.entratool.cli.fast.FastPath source: shared objects file (top)");

      // with its status lines, as a person runs it: the same lines as the full path, and still nothing heavy
      Path talkLog = home.resolve("get-token-talk.log");
      CliRunner.Result talking = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + talkLog)
          .run(null, "get-token", "-p", "ci");
      assertThat(talking.exitCode()).as(talking.toString()).isZero();
      assertThat(talking.out()).isEqualTo(first.out());
      assertThat(talking.err())
          .isEqualTo("Authenticating with profile 'ci'...\n\u2713 Token acquired successfully\n");
      assertThat(Files.readString(talkLog)).contains("dev.entratool.cli.fast.FastPath ").doesNotContain(HEAVY);

      // no entry in the runtime directory (after a reboot, say): the full path answers from the encrypted cache,
      // and the launcher gave it the full archive
      Files.delete(runtime.entry(home.resolve(".entratool"), "ci"));
      Path missLog = home.resolve("get-token-miss.log");
      CliRunner.Result miss = launcher.env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + missLog)
          .run(null, "get-token", "-p", "ci", "--silent");
      assertThat(miss).isEqualTo(first);
      assertThat(fx.entra.tokenRequests()).isEqualTo(requests);
      assertThat(Files.readString(missLog)).contains("picocli.CommandLine source: shared objects file\n")
          .doesNotContain("(top)");
      assertThat(runtime.entry(home.resolve(".entratool"), "ci")).as("kept again").exists();
    }
  }
}
