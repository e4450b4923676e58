package dev.entratool.testing;

import java.nio.file.Path;
import java.util.UUID;

/** One emulator and test PKI shared by a test class, plus helpers to create profiles pointing at it. */
public final class EntraFixture implements AutoCloseable {
  public final TestPki pki = new TestPki();
  public final FakeEntra entra = FakeEntra.start(pki);
  private final Path dir;
  private final Path caBundle;

  public EntraFixture(Path dir) {
    this.dir = dir;
    try {
      this.caBundle = pki.writeCaBundle(dir.resolve("test-ca.pem"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public Path caBundle() {
    return caBundle;
  }

  /** A CLI runner whose ENTRATOOL_HOME is fresh and which trusts the emulator's CA. */
  public CliRunner cli(Path home) {
    return new CliRunner(home).env("ENTRATOOL_CA_BUNDLE", caBundle.toString());
  }

  public static String newClientId() {
    return UUID.randomUUID().toString();
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

  @Override
  public void close() {
    entra.close();
  }
}
