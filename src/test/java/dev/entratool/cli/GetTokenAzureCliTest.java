package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.ExternalIssuer;
import dev.entratool.testing.FakeEntra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AzureCli: the token of `az login`'s account, from a fake `az` on PATH that records how it was called. */
class GetTokenAzureCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ARM = "https://management.azure.com/.default";
  static final ExternalIssuer STS = ExternalIssuer.standalone("https://sts.windows.net/"
      + FakeEntra.TENANT_ID + "/");
  @TempDir Path home;
  @TempDir Path bin;
  CliRunner cli;
  Path calls;
  String token;

  @BeforeEach
  void setUp() throws Exception {
    calls = bin.resolve("calls.log");
    token = STS.mint("ada", "https://management.azure.com", Duration.ofHours(1));
    cli = new CliRunner(home).env("PATH", bin + ":/usr/bin:/bin");
  }

  /** Writes the fake az: it logs its arguments (never a secret), then runs {@code body}. */
  private void fakeAz(String body) throws Exception {
    Path az = bin.resolve("az");
    Files.writeString(az, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\n" + body + "\n");
    Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwx------"));
  }

  private void answers(long expiresOn) throws Exception {
    fakeAz("cat <<'EOF'\n{\n  \"accessToken\": \"" + token + "\",\n  \"expiresOn\": \"2099-01-01 00:00:00.000000\",\n"
        + "  \"expires_on\": " + expiresOn + ",\n  \"subscription\": \"sub\",\n  \"tenant\": \""
        + FakeEntra.TENANT_ID + "\",\n  \"tokenType\": \"Bearer\"\n}\nEOF");
  }

  private List<String> calls() throws Exception {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  private void create(String name, String... more) {
    List<String> args = new ArrayList<>(List.of("config", "create", "--name", name, "--auth-method", "AzureCli",
        "--scopes", ARM));
    args.addAll(List.of(more));
    CliRunner.Result r = cli.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void tokenOfTheSignedInAccountIsCachedLikeAnyOther() throws Exception {
    long expires = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
    answers(expires);
    create("cli", "--tenant", FakeEntra.TENANT_DOMAIN);
    CliRunner.Result r = cli.run("get-token", "-p", "cli");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(token + "\n");
    assertThat(calls()).containsExactly("account get-access-token --scope " + ARM + " --tenant "
        + FakeEntra.TENANT_DOMAIN + " -o json");

    CliRunner.Result json = cli.run("get-token", "-p", "cli", "--json");
    assertThat(json.exitCode()).isZero();
    assertThat(JSON.readTree(json.out()).path("expiresOn").asText()).isEqualTo(Instant.ofEpochSecond(expires)
        .toString());
    assertThat(calls()).as("answered from the cache").hasSize(1);
    assertThat(cli.run("get-token", "-p", "cli", "--force", "--silent").exitCode()).isZero();
    assertThat(calls()).hasSize(2);
  }

  @Test
  void withoutTenantAzUsesItsOwnAndOtherScopesAreAskedFor() throws Exception {
    answers(Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
    create("cli");
    CliRunner.Result r = cli.run("get-token", "-p", "cli", "--scope", "https://graph.microsoft.com/.default");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(calls()).containsExactly("account get-access-token --scope https://graph.microsoft.com/.default -o json");
  }

  @Test
  void notSignedInIsExit8WithAzLogin() throws Exception {
    fakeAz("echo \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1");
    create("cli", "--tenant", FakeEntra.TENANT_DOMAIN);
    CliRunner.Result r = cli.run("get-token", "-p", "cli");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(8);
    assertThat(r.err()).endsWith("Error: The Azure CLI has no usable sign-in: Please run 'az login' to setup "
        + "account.\nHint: Please run 'az login' --tenant " + FakeEntra.TENANT_DOMAIN + ", then try again\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void otherFailuresAndAMissingAz() throws Exception {
    create("cli");
    CliRunner.Result none = cli.run("get-token", "-p", "cli");
    assertThat(none.exitCode()).isEqualTo(3);
    assertThat(none.err()).contains("Error: Profile 'cli' uses the Azure CLI's sign-in, but 'az' is not on PATH\n");

    fakeAz("echo \"ERROR: AADSTS50076: Due to a configuration change made by your administrator, you must use "
        + "multi-factor authentication.\" >&2\nexit 1");
    CliRunner.Result mfa = cli.run("get-token", "-p", "cli");
    assertThat(mfa.exitCode()).isEqualTo(4);
    assertThat(mfa.err()).contains("Error: The Azure CLI's token request was refused: AADSTS50076:");

    fakeAz("echo 'not json'");
    CliRunner.Result garbage = cli.run("get-token", "-p", "cli");
    assertThat(garbage.exitCode()).isEqualTo(8);
    assertThat(garbage.err()).contains("Error: The Azure CLI answered without a token and its expiry\n")
        .doesNotContain("not json");
  }

  @Test
  void aHangingAzIsStoppedAtTheTimeout() throws Exception {
    fakeAz("exec sleep 60");
    create("cli");
    Instant start = Instant.now();
    CliRunner.Result r = cli.run("get-token", "-p", "cli", "--timeout", "1s");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    assertThat(r.err()).contains("Error: The Azure CLI gave no token within 1 second\n");
  }

  @Test
  void parallelRunsOnAnEmptyCacheRunAzOnce() throws Exception {
    fakeAz("sleep 1\ncat <<'EOF'\n{\"accessToken\": \"" + token + "\", \"expires_on\": "
        + Instant.now().plus(Duration.ofHours(1)).getEpochSecond() + "}\nEOF");
    create("cli");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<CliRunner.Result>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(pool.submit(() -> cli.run("get-token", "-p", "cli", "--silent")));
    }
    Set<String> tokens = new HashSet<>();
    for (Future<CliRunner.Result> f : runs) {
      assertThat(f.get().exitCode()).as(f.get().toString()).isZero();
      tokens.add(f.get().out());
    }
    pool.shutdown();
    assertThat(tokens).containsExactly(token + "\n");
    assertThat(calls()).hasSize(1);
  }
}
