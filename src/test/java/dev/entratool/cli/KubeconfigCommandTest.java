package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** kubeconfig: the exec stanza printed, or written into one user of an existing kubeconfig keeping all else. */
class KubeconfigCommandTest {
  static final String AKS_SCOPE = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";
  static final String STANZA = """
        user:
          exec:
            apiVersion: client.authentication.k8s.io/v1beta1
            command: "entratool"
            args:
            - get-token
            - --exec-credential
            - --silent
            - -p
            - "aks"
            - --scope
            - "6dae42f8-4368-4678-94ff-3960e28e3630/.default"
            interactiveMode: IfAvailable
            provideClusterInfo: false
      """;
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner cli;

  @BeforeEach
  void profile() {
    cli = fx.cli(home);
    fx.createUserProfile(cli, "aks", EntraFixture.newClientId(), AKS_SCOPE);
  }

  @Test
  void printsAUsersEntryToPaste() {
    CliRunner.Result r = cli.run("kubeconfig", "-p", "aks", "--scope", AKS_SCOPE);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("- name: \"aks\"\n" + STANZA);
    assertThat(r.err()).isEqualTo("Paste it under 'users:' in your kubeconfig, or write it there with --kubeconfig "
        + "FILE --user NAME\n");
    assertThat(cli.run("kubeconfig", "-p", "aks", "--user", "me@aks", "--command", "/opt/entratool/bin/entratool")
        .out()).startsWith("- name: \"me@aks\"\n  user:\n    exec:\n")
        .contains("    command: \"/opt/entratool/bin/entratool\"\n").doesNotContain("--scope");
  }

  @Test
  void writesIntoTheNamedUserKeepingEverythingElse() throws Exception {
    String before = """
        apiVersion: v1
        # my clusters
        clusters:
        - cluster:
            server: https://aks.example:443
          name: aks
        contexts:
        - context:
            cluster: aks
            user: clusterUser_rg_aks
          name: aks
        current-context: aks
        kind: Config
        preferences: {}
        users:
        - name: other
          user:
            token: keep-me
        - name: clusterUser_rg_aks
          user:
            auth-provider:
              name: azure
              config:
                apiserver-id: 6dae42f8-4368-4678-94ff-3960e28e3630
        - name: last
          user: {}
        """;
    Path file = home.resolve("config");
    Files.writeString(file, before);
    CliRunner.Result r = cli.run("kubeconfig", "-p", "aks", "--scope", AKS_SCOPE, "--kubeconfig", file.toString(),
        "--user", "clusterUser_rg_aks");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("✓ User 'clusterUser_rg_aks' in " + file + " now gets tokens from profile 'aks'\n");
    String expected = before.replace("""
          user:
            auth-provider:
              name: azure
              config:
                apiserver-id: 6dae42f8-4368-4678-94ff-3960e28e3630
        """, STANZA);
    assertThat(Files.readString(file)).isEqualTo(expected);
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.list(home).map(p -> p.getFileName().toString())).as("no lock or temp file left")
        .doesNotContain("config.lock").allMatch(n -> !n.startsWith("config") || n.equals("config"));

    // again, and into a user written inline: still one stanza each
    assertThat(cli.run("kubeconfig", "-p", "aks", "--scope", AKS_SCOPE, "--kubeconfig", file.toString(), "--user",
        "clusterUser_rg_aks").exitCode()).isZero();
    assertThat(Files.readString(file)).isEqualTo(expected);
    assertThat(cli.run("kubeconfig", "-p", "aks", "--scope", AKS_SCOPE, "--kubeconfig", file.toString(), "--user",
        "last").exitCode()).isZero();
    assertThat(Files.readString(file)).isEqualTo(expected.replace("- name: last\n  user: {}\n",
        "- name: last\n" + STANZA));
  }

  @Test
  void indentedListsAndUserFirstItemsToo() throws Exception {
    Path file = home.resolve("az-config");
    Files.writeString(file, "users:\n  - user:\n      token: old\n    name: 'ci'  # the CI user\nkind: Config\n");
    CliRunner.Result r = cli.run("kubeconfig", "-p", "aks", "--kubeconfig", file.toString(), "--user", "ci");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.readString(file)).startsWith("users:\n  - user:\n      exec:\n")
        .endsWith("        provideClusterInfo: false\n    name: 'ci'  # the CI user\nkind: Config\n")
        .doesNotContain("token: old");
  }

  @Test
  void aMissingUserOrFileIsAnErrorWithAHint() throws Exception {
    Path file = home.resolve("config");
    String text = "users:\n- name: a\n  user:\n    token: x\n- name: b\n  user: {}\n";
    Files.writeString(file, text);
    CliRunner.Result r = cli.run("kubeconfig", "-p", "aks", "--kubeconfig", file.toString(), "--user", "c");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("Error: No user 'c' in the kubeconfig " + file + "\n"
        + "Hint: Its users: a, b. Pick one with --user, or add one with 'kubectl config set-credentials c "
        + "--kubeconfig " + file + "'\n");
    assertThat(Files.readString(file)).isEqualTo(text);

    CliRunner.Result none = cli.run("kubeconfig", "-p", "aks", "--kubeconfig", home.resolve("nope").toString(),
        "--user", "c");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).startsWith("Error: The kubeconfig " + home.resolve("nope") + " does not exist\nHint: ");
    assertThat(home.resolve("nope.lock")).doesNotExist();

    CliRunner.Result noUser = cli.run("kubeconfig", "-p", "aks", "--kubeconfig", file.toString());
    assertThat(noUser.exitCode()).isEqualTo(2);
    assertThat(noUser.err()).startsWith("Error: --kubeconfig needs --user NAME\n");

    CliRunner.Result noProfile = cli.run("kubeconfig", "-p", "ask");
    assertThat(noProfile.exitCode()).isEqualTo(3);
    assertThat(noProfile.err()).contains("Hint: ");
  }
}
