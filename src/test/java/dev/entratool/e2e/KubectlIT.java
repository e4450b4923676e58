package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeApiServer;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl runs bin/entratool as its credential plugin (the exec stanza that 'entratool kubeconfig' wrote)
 * against an HTTPS API server stand-in that accepts only tokens the emulator issued.
 */
class KubectlIT {
  static final String AKS = "6dae42f8-4368-4678-94ff-3960e28e3630";
  static final String AKS_SCOPE = AKS + "/.default";
  static final Path KUBECTL = Path.of("/usr/bin/kubectl");
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  @BeforeAll
  static void kubectl() {
    boolean present = Files.isExecutable(KUBECTL);
    if ("1".equals(System.getenv("ENTRATOOL_REQUIRE_KUBECTL"))) {
      assertThat(present).as("kubectl is required here (.ci/run installs kubernetes-client)").isTrue();
    }
    assumeTrue(present, "no kubectl here (.ci/run installs kubernetes-client)");
  }

  private Launcher launcher() {
    return new Launcher(home.resolve("entratool")).env("ENTRATOOL_CA_BUNDLE", fx.caBundle().toString());
  }

  private Path kubeconfig(FakeApiServer api, String... users) throws IOException {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n- name: stand-in\n  cluster:\n"
        + "    server: " + api.url() + "\n    certificate-authority: " + fx.caBundle() + "\ncontexts:\n");
    for (String user : users) {
      yaml.append("- name: ").append(user).append("\n  context:\n    cluster: stand-in\n    user: ").append(user)
          .append('\n');
    }
    yaml.append("users:\n");
    for (String user : users) {
      yaml.append("- name: ").append(user).append("\n  user:\n    token: not-yet\n");
    }
    Path file = home.resolve("kubeconfig");
    Files.writeString(file, yaml);
    return file;
  }

  private void useProfile(Launcher l, Path kubeconfig, String profile) throws Exception {
    Path self = Path.of(System.getProperty("entratool.launcher", "bin/entratool")).toAbsolutePath();
    CliRunner.Result r = l.run(null, "kubeconfig", "-p", profile, "--scope", AKS_SCOPE, "--kubeconfig",
        kubeconfig.toString(), "--user", profile, "--command", self.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  /** kubectl with stdin a pipe, as in a script: kubectl tells the plugin it is not interactive. */
  private CliRunner.Result kubectl(Path kubeconfig, String context) throws Exception {
    return new Launcher(KUBECTL, home.resolve("entratool"))
        .env("HOME", home.toString()) // kubectl's own cache folder stays in the test's
        .env("ENTRATOOL_CA_BUNDLE", fx.caBundle().toString())
        .run(null, "--kubeconfig", kubeconfig.toString(), "--context", context, "get", "--raw", "/api");
  }

  @Test
  void kubectlGetsItsTokenFromEntratoolAndTheSecondCallFromTheCache() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("aks-secret").allow(AKS, "cluster-reader");
    Launcher l = launcher();
    CliRunner.Result created = l.run("aks-secret\n", "config", "create", "--name", "aks-sp", "--tenant",
        FakeEntra.TENANT_DOMAIN, "--client-id", client, "--scopes", AKS_SCOPE, "--auth-method", "ClientSecret",
        "--authority-host", fx.entra.authorityHost(), "--secret-stdin");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    try (FakeApiServer api = new FakeApiServer(fx.pki, fx.entra)) {
      Path config = kubeconfig(api, "aks-sp");
      useProfile(l, config, "aks-sp");

      int tokens = fx.entra.tokenRequests();
      CliRunner.Result first = kubectl(config, "aks-sp");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.out()).contains("\"kind\":\"APIVersions\"");
      int accepted = api.accepted();
      assertThat(accepted).as("kubectl's requests carried the emulator's token").isPositive();
      assertThat(api.refused()).isZero();
      assertThat(fx.entra.tokenRequests()).isEqualTo(tokens + 1);

      CliRunner.Result second = kubectl(config, "aks-sp");
      assertThat(second.exitCode()).as(second.toString()).isZero();
      assertThat(api.accepted()).isGreaterThan(accepted);
      assertThat(api.refused()).isZero();
      assertThat(fx.entra.tokenRequests()).as("served from entratool's cache").isEqualTo(tokens + 1);
    }
  }

  @Test
  void notInteractiveAUserProfileWithoutATokenFailsCleanlyUntilSignedIn() throws Exception {
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).publicClient().allow(AKS, "user_impersonation");
    Launcher l = launcher();
    CliRunner.Result created = l.run(null, "config", "create", "--name", "aks-me", "--tenant",
        FakeEntra.TENANT_DOMAIN, "--client-id", client, "--scopes", AKS_SCOPE, "--auth-method", "None",
        "--default-flow", "DeviceCode", "--authority-host", fx.entra.authorityHost());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    try (FakeApiServer api = new FakeApiServer(fx.pki, fx.entra)) {
      Path config = kubeconfig(api, "aks-me");
      useProfile(l, config, "aks-me");

      int deviceCodes = fx.entra.count("devicecode");
      CliRunner.Result refused = kubectl(config, "aks-me");
      assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
      assertThat(refused.err()).contains("Error: Profile 'aks-me' has no cached or refreshable token, and signing "
          + "in is not allowed here (not interactive)\nHint: Sign in first: entratool get-token -p aks-me\n")
          .doesNotContain("Device Code Authentication").doesNotContain("\tat ");
      assertThat(fx.entra.count("devicecode")).as("no sign-in started").isEqualTo(deviceCodes);
      assertThat(api.accepted() + api.refused()).as("kubectl sent nothing").isZero();

      assertThat(l.run(null, "get-token", "-p", "aks-me", "--silent").exitCode()).isZero();
      int tokens = fx.entra.tokenRequests();
      CliRunner.Result served = kubectl(config, "aks-me");
      assertThat(served.exitCode()).as(served.toString()).isZero();
      assertThat(api.accepted()).isPositive();
      assertThat(api.refused()).isZero();
      assertThat(fx.entra.tokenRequests()).isEqualTo(tokens);
    }
  }
}
