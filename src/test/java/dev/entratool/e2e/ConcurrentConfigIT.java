package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.secret.EncryptedFileSecretStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.TestBundles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate entratool processes writing profiles.json at once (create, edit, delete and import, of one profile and of
 * others), as parallel CI steps do: every change stands, and every profile keeps its own secret.
 */
class ConcurrentConfigIT {
  private static final String TENANT = "contoso.onmicrosoft.com";
  private static final String CLIENT = "12345678-1234-1234-1234-123456789abc";

  @TempDir Path home;
  @TempDir Path dir;

  private CliRunner.Result create(Launcher launcher, String name, String secret) throws Exception {
    return launcher.run(secret + "\n", "config", "create", "--name", name, "--tenant", TENANT, "--client-id", CLIENT,
        "--auth-method", "ClientSecret", "--secret-stdin");
  }

  private static void expectOk(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void parallelProcessesLoseNoChangeOfAnyProfileWritingCommand() throws Exception {
    Launcher launcher = new Launcher(home).env("ENTRATOOL_EXPORT_PASSPHRASE", TestBundles.PASSPHRASE);
    expectOk(create(launcher, "shared", "old-secret"));
    expectOk(create(launcher, "doomed", "doomed-secret"));
    Path bundle = TestBundles.write(dir.resolve("imported.bundle"), TestBundles.profile("imported", TENANT, CLIENT)
        .build(), Map.of(SecretKind.CLIENT_SECRET, "imported-secret"));

    List<Callable<CliRunner.Result>> runs = List.of(
        () -> launcher.run(null, "config", "edit", "-p", "shared", "--scopes", "https://management.azure.com/.default"),
        () -> launcher.run(null, "config", "edit", "-p", "shared", "--redirect-uri", "http://localhost:8400"),
        () -> launcher.run(null, "config", "edit", "-p", "shared", "--default-flow", "DeviceCode"),
        () -> launcher.run("new-secret\n", "config", "edit", "-p", "shared", "--secret-stdin"),
        () -> create(launcher, "created", "created-secret"),
        () -> launcher.run(null, "config", "delete", "-p", "doomed", "--yes"),
        () -> launcher.run(null, "config", "import", "-i", bundle.toString()));
    ExecutorService pool = Executors.newFixedThreadPool(runs.size());
    try {
      List<Future<CliRunner.Result>> started = new ArrayList<>();
      for (Callable<CliRunner.Result> run : runs) {
        started.add(pool.submit(run));
      }
      for (Future<CliRunner.Result> run : started) {
        expectOk(run.get());
      }
    } finally {
      pool.shutdownNow();
    }

    CliRunner.Result list = launcher.run(null, "config", "list", "--json");
    expectOk(list);
    Map<String, JsonNode> profiles = new HashMap<>();
    new ObjectMapper().readTree(list.out()).forEach(p -> profiles.put(p.get("name").asText(), p));
    assertThat(profiles).containsOnlyKeys("shared", "created", "imported");
    JsonNode shared = profiles.get("shared");
    assertThat(shared.get("scopes").get(0).asText()).isEqualTo("https://management.azure.com/.default");
    assertThat(shared.path("redirectUri").asText()).isEqualTo("http://localhost:8400");
    assertThat(shared.path("defaultFlow").asText()).isEqualTo("DeviceCode");
    EncryptedFileSecretStore vault = new EncryptedFileSecretStore(home.resolve("secrets.vault"),
        home.resolve("secrets.key"), Optional.empty(), notice -> { });
    assertThat(vault.read("shared", SecretKind.CLIENT_SECRET)).contains("new-secret");
    assertThat(vault.read("created", SecretKind.CLIENT_SECRET)).contains("created-secret");
    assertThat(vault.read("imported", SecretKind.CLIENT_SECRET)).contains("imported-secret");
    assertThat(vault.read("doomed", SecretKind.CLIENT_SECRET)).isEmpty();
  }
}
