package dev.entratool.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One emulator and test PKI shared by a test class ({@code @RegisterExtension static final EntraFixture fx = new
 * EntraFixture();} stops it after the class), plus helpers to create profiles pointing at it.
 */
public final class EntraFixture implements AutoCloseable, AfterAllCallback {
  public final TestPki pki = new TestPki();
  public final FakeEntra entra = FakeEntra.start(pki);
  private final Path dir;
  private final Path caBundle;
  private final boolean ownsDir;

  /** With its own temporary folder, removed when the class is done. */
  public EntraFixture() {
    this(tempDir(), true);
  }

  public EntraFixture(Path dir) {
    this(dir, false);
  }

  private EntraFixture(Path dir, boolean ownsDir) {
    this.ownsDir = ownsDir;
    this.dir = dir;
    try {
      this.caBundle = pki.writeCaBundle(dir.resolve("test-ca.pem"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("entra-fixture");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A folder for the class's shared files (trust stores and the like). */
  public Path dir() {
    return dir;
  }

  public Path caBundle() {
    return caBundle;
  }

  /** A CLI runner whose ENTRATOOL_HOME is fresh and which trusts the emulator's CA. */
  public CliRunner cli(Path home) {
    return new CliRunner(home).env("ENTRATOOL_CA_BUNDLE", caBundle.toString());
  }

  /** The packaged launcher with a fresh ENTRATOOL_HOME whose JVM trusts the emulator's CA (through JAVA_OPTS). */
  public Launcher launcher(Path home) {
    try {
      Path trust = pki.writeTrustStore(dir.resolve("trust-" + UUID.randomUUID() + ".p12"), "changeit");
      return new Launcher(home).env("JAVA_OPTS", "-Djavax.net.ssl.trustStore=" + trust
          + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String newClientId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Registers an app that signs in as itself with {@code secret} and signs users in (public client flows), with
   * Graph's User.Read.All (application) and User.Read (delegated); returns its client ID.
   */
  public String registerGraphApp(String secret) {
    String client = newClientId();
    entra.registerApp(client).secret(secret).publicClient().allow("https://graph.microsoft.com", "User.Read",
        "User.Read.All");
    return client;
  }

  /**
   * Registers an app that signs in as itself with {@code secret}, with Graph's User.Read.All (application); returns
   * its client ID.
   */
  public String registerSecretApp(String secret) {
    String client = newClientId();
    entra.registerApp(client).secret(secret).allow("https://graph.microsoft.com", "User.Read.All");
    return client;
  }

  /** Creates a public-client profile for Device Code sign-ins through the CLI. */
  public void createUserProfile(CliRunner cli, String name, String clientId, String scopes) {
    CliRunner.Result r = cli.run("config", "create", "--name", name, "--tenant", FakeEntra.TENANT_DOMAIN,
        "--client-id", clientId, "--scopes", scopes, "--auth-method", "None", "--default-flow", "DeviceCode",
        "--authority-host", entra.authorityHost());
    if (r.exitCode() != 0) {
      throw new IllegalStateException(r.toString());
    }
  }

  /** Creates a client-secret profile through the CLI; returns the CLI result's exit code. */
  public int createSecretProfile(CliRunner cli, String name, String clientId, String secret, String scopes) {
    CliRunner.Result r = cli.runWithStdin(secret + "\n", "config", "create", "--name", name, "--tenant",
        FakeEntra.TENANT_DOMAIN, "--client-id", clientId, "--scopes", scopes, "--auth-method", "ClientSecret",
        "--authority-host", entra.authorityHost(), "--secret-stdin");
    if (r.exitCode() != 0) {
      throw new IllegalStateException(r.toString());
    }
    return r.exitCode();
  }

  /**
   * Registers a new app with a client secret and Graph application permissions, and creates a client-secret profile
   * for it under each of {@code names} through the packaged launcher.
   */
  public void createSecretProfiles(Launcher launcher, String... names) throws IOException, InterruptedException {
    String secret = "secret-" + newClientId();
    String clientId = registerSecretApp(secret);
    for (String name : names) {
      CliRunner.Result r = launcher.run(secret + "\n", "config", "create", "--name", name, "--tenant",
          FakeEntra.TENANT_DOMAIN, "--client-id", clientId, "--authority-host", entra.authorityHost(),
          "--secret-stdin");
      if (r.exitCode() != 0) {
        throw new IllegalStateException(r.toString());
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
    if (ownsDir) {
      deleteTree(dir);
    }
  }

  /** Deletes a folder and everything in it, deepest first. */
  public static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  @Override
  public void close() {
    entra.close();
  }
}
