package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI jobs start many get-token processes at once: on an empty cache exactly one of them asks the authority and the
 * others wait for its token (cross-process single flight through the cache's lock); on a warm cache none asks.
 */
class SingleFlightIT {
  private static final int PROCESSES = 20;

  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  @Test
  void parallelProcessesOnAnEmptyCacheMakeOneTokenRequest() throws Exception {
    String client = fx.registerSecretApp("ci-secret");
    Path trust = fx.pki.writeTrustStore(fx.dir().resolve("trust-" + client + ".p12"), "changeit");
    Launcher launcher = new Launcher(home).env("JAVA_OPTS", "-Djavax.net.ssl.trustStore=" + trust
        + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12");
    CliRunner.Result created = launcher.run("ci-secret\n", "config", "create", "--name", "ci", "--tenant",
        FakeEntra.TENANT_DOMAIN, "--client-id", client, "--scopes", "https://graph.microsoft.com/.default",
        "--authority-host", fx.entra.authorityHost(), "--secret-stdin");
    assertThat(created.exitCode()).as(created.toString()).isZero();

    // a slow first answer, so that the other processes really arrive while it is in flight
    fx.entra.failNext(FakeEntra.Fault.delay(Duration.ofMillis(1500)));
    int before = fx.entra.tokenRequests();
    Set<String> tokens = runInParallel(launcher);
    assertThat(fx.entra.tokenRequests() - before).as("token requests from %d cold processes", PROCESSES)
        .isEqualTo(1);
    assertThat(tokens).as("every process printed the one token").hasSize(1);

    int warm = fx.entra.tokenRequests();
    assertThat(runInParallel(launcher)).isEqualTo(tokens);
    assertThat(fx.entra.tokenRequests()).as("token requests from %d warm processes", PROCESSES).isEqualTo(warm);
  }

  private static Set<String> runInParallel(Launcher launcher) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
    try {
      List<Future<CliRunner.Result>> runs = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        runs.add(pool.submit(() -> launcher.run(null, "get-token", "-p", "ci", "--silent")));
      }
      List<CliRunner.Result> results = new ArrayList<>();
      for (Future<CliRunner.Result> run : runs) {
        results.add(run.get());
      }
      for (CliRunner.Result r : results) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).matches("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");
      }
      return results.stream().map(CliRunner.Result::out).collect(Collectors.toSet());
    } finally {
      pool.shutdownNow();
    }
  }
}
