package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** get-token --exec-credential: kubectl's ExecCredential, the version KUBERNETES_EXEC_INFO asks for, no prompts. */
class ExecCredentialTest {
  static final String AKS = "6dae42f8-4368-4678-94ff-3960e28e3630";
  static final String AKS_SCOPE = AKS + "/.default";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  CliRunner cli;

  @BeforeEach
  void profiles() {
    cli = fx.cli(home);
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("s").publicClient().allow(AKS, "user_impersonation")
        .allow("https://graph.microsoft.com", "User.Read");
    fx.createSecretProfile(cli, "aks-sp", client, "s", AKS_SCOPE);
    fx.createUserProfile(cli, "aks-user", client, "https://graph.microsoft.com/User.Read");
  }

  static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void printsAnExecCredentialOfTheDefaultVersion() throws Exception {
    CliRunner.Result r = cli.run("get-token", "-p", "aks-sp", "--exec-credential");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).as("status stays on stderr").isEqualTo("Authenticating with profile 'aks-sp'...\n"
        + "✓ Token acquired successfully\n");
    JsonNode c = json(r.out());
    assertThat(c.path("apiVersion").asText()).isEqualTo("client.authentication.k8s.io/v1beta1");
    assertThat(c.path("kind").asText()).isEqualTo("ExecCredential");
    String token = c.path("status").path("token").asText();
    assertThat(fx.entra.issued(token)).isTrue();
    String expiry = c.path("status").path("expirationTimestamp").asText();
    assertThat(expiry).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    assertThat(Instant.parse(expiry)).isBetween(Instant.now().plus(50, ChronoUnit.MINUTES),
        Instant.now().plus(2, ChronoUnit.HOURS));
    assertThat(c.size()).isEqualTo(3);
    assertThat(c.path("status").size()).isEqualTo(2);
  }

  @Test
  void answersWithTheVersionKubectlAsksFor() throws Exception {
    CliRunner.Result v1 = cli.env("KUBERNETES_EXEC_INFO", "{\"kind\":\"ExecCredential\",\"apiVersion\":"
        + "\"client.authentication.k8s.io/v1\",\"spec\":{\"interactive\":true}}")
        .run("get-token", "-p", "aks-sp", "--exec-credential");
    assertThat(v1.exitCode()).as(v1.toString()).isZero();
    assertThat(json(v1.out()).path("apiVersion").asText()).isEqualTo("client.authentication.k8s.io/v1");

    CliRunner.Result old = cli.env("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"client.authentication.k8s.io/v1alpha1\","
        + "\"spec\":{}}").run("get-token", "-p", "aks-sp", "--exec-credential");
    assertThat(old.exitCode()).isEqualTo(2);
    assertThat(old.out()).isEmpty();
    assertThat(old.err()).isEqualTo("Error: Unsupported ExecCredential apiVersion "
        + "'client.authentication.k8s.io/v1alpha1' in KUBERNETES_EXEC_INFO\n"
        + "Hint: Set the kubeconfig's exec apiVersion to one entratool supports: "
        + "client.authentication.k8s.io/v1beta1 or client.authentication.k8s.io/v1\n");

    CliRunner.Result garbled = cli.env("KUBERNETES_EXEC_INFO", "{apiVersion")
        .run("get-token", "-p", "aks-sp", "--exec-credential");
    assertThat(garbled.exitCode()).isEqualTo(2);
    assertThat(garbled.err()).startsWith("Error: KUBERNETES_EXEC_INFO is not a JSON object");
  }

  @Test
  void notInteractiveAUserFlowWithoutATokenExits8WithTheSignInCommand() {
    int deviceCodes = fx.entra.count("devicecode");
    CliRunner.Result r = cli.env("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
        + "\"spec\":{\"interactive\":false}}").run("get-token", "-p", "aks-user", "--exec-credential", "--scope",
        AKS_SCOPE);
    assertThat(r.exitCode()).isEqualTo(8);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Authenticating with profile 'aks-user'...\n"
        + "Error: Profile 'aks-user' has no cached or refreshable token, and signing in is not allowed here (not "
        + "interactive)\n"
        + "Hint: Sign in first: entratool get-token -p aks-user --scope \"" + AKS_SCOPE + "\"\n");
    assertThat(fx.entra.count("devicecode")).as("no sign-in started").isEqualTo(deviceCodes);

    // the command it names works, and then the non-interactive call is served from the cache
    assertThat(fx.cli(home).run("get-token", "-p", "aks-user", "--scope", AKS_SCOPE).exitCode()).isZero();
    int tokens = fx.entra.tokenRequests();
    CliRunner.Result served = cli.run("get-token", "-p", "aks-user", "--exec-credential", "--scope", AKS_SCOPE);
    assertThat(served.exitCode()).as(served.toString()).isZero();
    assertThat(served.out()).contains("\"kind\": \"ExecCredential\"");
    assertThat(fx.entra.tokenRequests()).isEqualTo(tokens);
  }

  /**
   * A claims challenge needs a new sign-in (a refresh would not carry the claims), which is never started when not
   * interactive; the command the hint names signs in with the claims, so its cached token then satisfies the
   * challenge (signing in without them would be challenged again, and again).
   */
  @Test
  void notInteractiveAClaimsChallengeForAUserFlowExits8NamingTheSignInWithTheClaims() throws Exception {
    assertThat(fx.cli(home).run("get-token", "-p", "aks-user", "--scope", AKS_SCOPE).exitCode()).isZero();
    int deviceCodes = fx.entra.count("devicecode");
    int tokens = fx.entra.tokenRequests();
    CliRunner.Result r = notInteractive().run("get-token", "-p", "aks-user", "--exec-credential", "--scope",
        AKS_SCOPE, "--claims", ClaimsChallengeTest.STEP_UP);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(8);
    assertThat(r.out()).isEmpty();
    String hint = "Sign in first, with the claims: entratool get-token -p aks-user --scope \"" + AKS_SCOPE
        + "\" --claims '" + ClaimsChallengeTest.STEP_UP + "'";
    assertThat(r.err()).isEqualTo("Authenticating with profile 'aks-user'...\n"
        + "Error: Profile 'aks-user' needs a new sign-in for the claims of the challenge (a refresh cannot carry "
        + "them), and signing in is not allowed here (not interactive)\n"
        + "Hint: " + hint + "\n");
    assertThat(fx.entra.count("devicecode")).as("no sign-in started").isEqualTo(deviceCodes);
    assertThat(fx.entra.tokenRequests()).as("no refresh either: it would drop the claims").isEqualTo(tokens);

    // the hint's command, as a shell splits it, signs in with the claims; kubectl's next call gets that token
    String[] command = words(hint.substring(hint.indexOf(": ") + 2));
    assertThat(command[0]).isEqualTo("entratool");
    CliRunner.Result signedIn = fx.cli(home).run(java.util.Arrays.copyOfRange(command, 1, command.length));
    assertThat(signedIn.exitCode()).as(signedIn.toString()).isZero();
    assertThat(fx.entra.count("devicecode")).isEqualTo(deviceCodes + 1);
    CliRunner.Result served = notInteractive().run("get-token", "-p", "aks-user", "--exec-credential", "--scope",
        AKS_SCOPE);
    assertThat(served.exitCode()).as(served.toString()).isZero();
    String token = json(served.out()).path("status").path("token").asText();
    assertThat(ClaimsChallengeTest.claims(token).path("acrs").toString()).isEqualTo("[\"c1\"]");
  }

  /** Claims too long for one readable line, and a --tenant, as the hint names them. */
  @Test
  void notInteractiveTheHintKeepsTheTenantAndRefersToLongClaims() {
    String longClaims = "{\"access_token\":{\"acrs\":{\"essential\":true,\"values\":[\"c1\",\"c2\",\"c3\",\"c4\","
        + "\"c5\",\"c6\",\"c7\",\"c8\",\"c9\",\"c10\",\"c11\",\"c12\",\"c13\",\"c14\",\"c15\",\"c16\",\"c17\","
        + "\"c18\",\"c19\",\"c20\",\"c21\",\"c22\",\"c23\",\"c24\",\"c25\"]}}}";
    CliRunner.Result r = notInteractive().run("get-token", "-p", "aks-user", "--exec-credential", "--tenant",
        FakeEntra.OTHER_TENANT_DOMAIN, "--claims", longClaims);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(8);
    assertThat(r.err()).endsWith("\nHint: Sign in first, at a terminal: entratool get-token -p aks-user --tenant "
        + FakeEntra.OTHER_TENANT_DOMAIN + " with this call's --claims or --claims-challenge\n");
    assertThat(r.err().lines().count()).as("one line each").isEqualTo(3);

    CliRunner.Result noClaims = notInteractive().run("get-token", "-p", "aks-user", "--exec-credential", "--tenant",
        FakeEntra.OTHER_TENANT_DOMAIN);
    assertThat(noClaims.exitCode()).as(noClaims.toString()).isEqualTo(8);
    assertThat(noClaims.err()).endsWith("\nHint: Sign in first: entratool get-token -p aks-user --tenant "
        + FakeEntra.OTHER_TENANT_DOMAIN + "\n");
  }

  private CliRunner notInteractive() {
    return cli.env("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"client.authentication.k8s.io/v1\","
        + "\"spec\":{\"interactive\":false}}");
  }

  /** A command line split into words as a POSIX shell does for plain words and '...' or "..." quoting. */
  static String[] words(String line) {
    java.util.List<String> words = new java.util.ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == ' ') {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        if (c == '\'' || c == '"') {
          quote = c;
        } else {
          word.append(c);
        }
      }
    }
    assertThat((int) quote).as("balanced quotes in " + line).isZero();
    if (word != null) {
      words.add(word.toString());
    }
    return words.toArray(String[]::new);
  }

  @Test
  void anOlderKubectlThatDoesNotSayIsInteractiveOnlyOnATerminal() throws Exception {
    cli.env("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"spec\":{}}");
    CliRunner.Result piped = cli.run("get-token", "-p", "aks-user", "--exec-credential");
    assertThat(piped.exitCode()).as(piped.toString()).isEqualTo(8);
    CliRunner.Result terminal = cli.runInteractive("", "get-token", "-p", "aks-user", "--exec-credential");
    assertThat(terminal.exitCode()).as(terminal.toString()).isZero();
    assertThat(terminal.err()).contains("Device Code Authentication");
  }

  @Test
  void interactiveByDefaultAUserFlowSignsIn() throws Exception {
    CliRunner.Result r = cli.run("get-token", "-p", "aks-user", "--exec-credential");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Device Code Authentication");
    assertThat(json(r.out()).path("kind").asText()).isEqualTo("ExecCredential");
  }

  @Test
  void notWithJsonOrAnOutputFile() {
    for (String[] extra : new String[][] {{"--json"}, {"-o", home.resolve("t").toString()}}) {
      String[] args = new String[4 + extra.length];
      System.arraycopy(new String[] {"get-token", "-p", "aks-sp", "--exec-credential"}, 0, args, 0, 4);
      System.arraycopy(extra, 0, args, 4, extra.length);
      CliRunner.Result r = cli.run(args);
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).startsWith("Error: --exec-credential cannot be combined with --json or -o\n");
    }
  }
}
