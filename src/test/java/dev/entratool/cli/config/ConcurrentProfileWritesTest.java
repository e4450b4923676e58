package dev.entratool.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.secret.EncryptedFileSecretStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.TestBundles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise that parallel runs never lose an update, for every command that writes profiles.json
 * (create, edit, delete, import), with different profiles and with the same one: threads run the real command line
 * at once, and runs held at a read of standard input let another run finish in between, every time.
 */
class ConcurrentProfileWritesTest {
  static final String TENANT = "contoso.onmicrosoft.com";

  @TempDir static Path bundles;
  /** Bundles of one profile each: "imp-0".."imp-2", and two different versions of "shared". */
  static final Map<String, Path> BUNDLE = new HashMap<>();
  static final Map<String, String> BUNDLE_CLIENT = new HashMap<>();
  static final Map<String, String> BUNDLE_SECRET = new HashMap<>();

  @TempDir Path home;

  @BeforeAll
  static void sealBundles() throws IOException {
    for (String key : List.of("imp-0", "imp-1", "imp-2", "shared-0", "shared-1")) {
      String name = key.startsWith("shared") ? "shared" : key;
      String client = UUID.randomUUID().toString();
      String secret = "s-" + UUID.randomUUID();
      BUNDLE.put(key, TestBundles.write(bundles.resolve(key + ".bundle"), TestBundles.profile(name, TENANT, client)
          .build(), Map.of(SecretKind.CLIENT_SECRET, secret)));
      BUNDLE_CLIENT.put(key, client);
      BUNDLE_SECRET.put(key, secret);
    }
  }

  private CliRunner cli() {
    return new CliRunner(home).env("ENTRATOOL_EXPORT_PASSPHRASE", TestBundles.PASSPHRASE);
  }

  private static String newClient() {
    return UUID.randomUUID().toString();
  }

  private CliRunner.Result create(String name, String client, String secret) {
    return cli().runWithStdin(secret + "\n", createArgs(name, client));
  }

  private static String[] createArgs(String name, String client) {
    return new String[] {"config", "create", "--name", name, "--tenant", TENANT, "--client-id", client,
        "--scopes", "https://graph.microsoft.com/.default", "--auth-method", "ClientSecret", "--secret-stdin"};
  }

  private static void expectOk(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private Optional<String> secret(String profile) {
    return new EncryptedFileSecretStore(home.resolve("secrets.vault"), home.resolve("secrets.key"),
        Optional.empty(), notice -> { }).read(profile, SecretKind.CLIENT_SECRET);
  }

  /** Each profile as stored, by name (config show --json). */
  private Map<String, JsonNode> profiles() throws IOException {
    CliRunner.Result list = cli().run("config", "list", "--json");
    expectOk(list);
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode n : new ObjectMapper().readTree(list.out())) {
      out.put(n.get("name").asText(), n);
    }
    return out;
  }

  private JsonNode profile(String name) throws IOException {
    CliRunner.Result show = cli().run("config", "show", "-p", name, "--json");
    expectOk(show);
    return new ObjectMapper().readTree(show.out());
  }

  /** Runs every task at the same moment, each on its own thread; their results in order. */
  private static List<CliRunner.Result> inParallel(List<Callable<CliRunner.Result>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CliRunner.Result>> runs = new ArrayList<>();
      for (Callable<CliRunner.Result> task : tasks) {
        runs.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<CliRunner.Result> out = new ArrayList<>();
      for (Future<CliRunner.Result> run : runs) {
        out.add(run.get(120, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- create ----

  @Test
  void parallelCreatesOfDifferentProfilesAllStandWithTheirSecrets() throws Exception {
    List<Callable<CliRunner.Result>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String name = "p" + i;
      tasks.add(() -> create(name, newClient(), "secret-of-" + name));
    }
    inParallel(tasks).forEach(ConcurrentProfileWritesTest::expectOk);
    assertThat(profiles()).hasSize(8);
    for (int i = 0; i < 8; i++) {
      assertThat(secret("p" + i)).contains("secret-of-p" + i);
    }
  }

  @Test
  void parallelCreatesOfOneNameLeaveOneProfileWithItsOwnSecret() throws Exception {
    for (int round = 0; round < 3; round++) {
      String name = "same" + round;
      List<String> clients = new ArrayList<>();
      List<Callable<CliRunner.Result>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String client = newClient();
        clients.add(client);
        tasks.add(() -> create(name, client, "secret-" + client));
      }
      List<CliRunner.Result> results = inParallel(tasks);
      List<Integer> winners = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).exitCode() == 0) {
          winners.add(i);
        } else {
          assertThat(results.get(i).exitCode()).as(results.get(i).toString()).isEqualTo(2);
          assertThat(results.get(i).err()).startsWith("Error: Profile '" + name + "' already exists\n");
        }
      }
      assertThat(winners).as("round %d", round).hasSize(1);
      String client = clients.get(winners.get(0));
      assertThat(profile(name).get("clientId").asText()).isEqualTo(client);
      assertThat(secret(name)).as("the stored secret is the one created with the profile").contains("secret-" + client);
    }
  }

  @Test
  void aCreateHeldAtItsSecretDoesNotTouchTheProfileCreatedMeanwhile() throws Exception {
    try (Held held = new Held(cli(), false, createArgs("dup", newClient()))) {
      String winner = newClient();
      expectOk(create("dup", winner, "secret-of-the-winner"));
      CliRunner.Result late = held.finish("secret-of-the-late-one\n");
      assertThat(late.exitCode()).as(late.toString()).isEqualTo(2);
      assertThat(late.err()).startsWith("Error: Profile 'dup' already exists\n");
      assertThat(profile("dup").get("clientId").asText()).isEqualTo(winner);
      assertThat(secret("dup")).contains("secret-of-the-winner");
    }
  }

  // ---- edit ----

  /** One flag edit per field, none of which moves the profile to another sign-in. */
  private static final List<String[]> FIELD_EDITS = List.of(
      new String[] {"--scopes", "https://management.azure.com/.default"},
      new String[] {"--redirect-uri", "http://localhost:8400"},
      new String[] {"--default-flow", "DeviceCode"},
      new String[] {"--send-x5c"},
      new String[] {"--client-id", "87654321-4321-4321-4321-cba987654321"});

  private static void assertEveryFieldEdit(JsonNode p) {
    assertThat(p.get("scopes").get(0).asText()).isEqualTo("https://management.azure.com/.default");
    assertThat(p.path("redirectUri").asText()).isEqualTo("http://localhost:8400");
    assertThat(p.path("defaultFlow").asText()).isEqualTo("DeviceCode");
    assertThat(p.path("sendX5c").asBoolean()).isTrue();
    assertThat(p.get("clientId").asText()).isEqualTo("87654321-4321-4321-4321-cba987654321");
  }

  private static String[] editArgs(String name, String[] field) {
    List<String> args = new ArrayList<>(List.of("config", "edit", "-p", name));
    args.addAll(Arrays.asList(field));
    return args.toArray(String[]::new);
  }

  @Test
  void parallelEditsOfDifferentFieldsOfOneProfileAllStand() throws Exception {
    for (int round = 0; round < 3; round++) {
      String name = "shared" + round;
      expectOk(create(name, newClient(), "old-secret"));
      List<Callable<CliRunner.Result>> tasks = new ArrayList<>();
      for (String[] field : FIELD_EDITS) {
        tasks.add(() -> cli().run(editArgs(name, field)));
      }
      tasks.add(() -> cli().runWithStdin("new-secret\n", "config", "edit", "-p", name, "--secret-stdin"));
      inParallel(tasks).forEach(ConcurrentProfileWritesTest::expectOk);
      assertEveryFieldEdit(profile(name));
      assertThat(secret(name)).contains("new-secret");
    }
  }

  @Test
  void parallelEditsOfDifferentProfilesAllStand() throws Exception {
    for (int i = 0; i < FIELD_EDITS.size(); i++) {
      expectOk(create("e" + i, newClient(), "s" + i));
    }
    List<Callable<CliRunner.Result>> tasks = new ArrayList<>();
    for (int i = 0; i < FIELD_EDITS.size(); i++) {
      String[] args = editArgs("e" + i, FIELD_EDITS.get(i));
      tasks.add(() -> cli().run(args));
    }
    inParallel(tasks).forEach(ConcurrentProfileWritesTest::expectOk);
    Map<String, JsonNode> all = profiles();
    assertThat(all.get("e0").get("scopes").get(0).asText()).isEqualTo("https://management.azure.com/.default");
    assertThat(all.get("e1").path("redirectUri").asText()).isEqualTo("http://localhost:8400");
    assertThat(all.get("e2").path("defaultFlow").asText()).isEqualTo("DeviceCode");
    assertThat(all.get("e3").path("sendX5c").asBoolean()).isTrue();
    assertThat(all.get("e4").get("clientId").asText()).isEqualTo("87654321-4321-4321-4321-cba987654321");
    for (int i = 0; i < FIELD_EDITS.size(); i++) {
      assertThat(secret("e" + i)).contains("s" + i);
    }
  }

  @Test
  void anEditHeldAtItsSecretKeepsTheFieldsAnotherEditChangedMeanwhile() throws Exception {
    expectOk(create("a", newClient(), "old-secret"));
    try (Held held = new Held(cli(), false, "config", "edit", "-p", "a", "--scopes",
        "https://management.azure.com/.default", "--secret-stdin")) {
      expectOk(cli().run("config", "edit", "-p", "a", "--redirect-uri", "http://localhost:8400"));
      expectOk(cli().run("config", "edit", "-p", "a", "--default-flow", "DeviceCode"));
      expectOk(held.finish("new-secret\n"));
    }
    JsonNode p = profile("a");
    assertThat(p.get("scopes").get(0).asText()).isEqualTo("https://management.azure.com/.default");
    assertThat(p.path("redirectUri").asText()).isEqualTo("http://localhost:8400");
    assertThat(p.path("defaultFlow").asText()).isEqualTo("DeviceCode");
    assertThat(secret("a")).contains("new-secret");
  }

  @Test
  void anInteractiveEditHeldAtAPromptKeepsTheFieldsAnotherEditChangedMeanwhile() throws Exception {
    expectOk(create("a", newClient(), "old-secret"));
    try (Held held = new Held(cli(), true, "config", "edit", "-p", "a")) {
      held.type("Scopes\n"); // now it asks for the scopes
      expectOk(cli().run("config", "edit", "-p", "a", "--redirect-uri", "http://localhost:8400"));
      CliRunner.Result r = held.finish("https://management.azure.com/.default\n");
      expectOk(r);
      assertThat(r.err()).contains("✓ Profile 'a' updated");
    }
    JsonNode p = profile("a");
    assertThat(p.get("scopes").get(0).asText()).isEqualTo("https://management.azure.com/.default");
    assertThat(p.path("redirectUri").asText()).isEqualTo("http://localhost:8400");
    assertThat(secret("a")).contains("old-secret");
  }

  // ---- delete ----

  @Test
  void parallelDeletesOfDifferentProfilesAmongCreatesAndEditsLoseNothing() throws Exception {
    for (int i = 0; i < 4; i++) {
      expectOk(create("old" + i, newClient(), "s" + i));
    }
    List<Callable<CliRunner.Result>> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String name = "old" + i;
      tasks.add(i % 2 == 0 ? () -> cli().run("config", "delete", "-p", name, "--yes")
          : () -> cli().run("config", "edit", "-p", name, "--default-flow", "DeviceCode"));
      String created = "new" + i;
      tasks.add(() -> create(created, newClient(), "secret-of-" + created));
    }
    inParallel(tasks).forEach(ConcurrentProfileWritesTest::expectOk);
    Map<String, JsonNode> all = profiles();
    assertThat(all).containsOnlyKeys("old1", "old3", "new0", "new1", "new2", "new3");
    assertThat(all.get("old1").path("defaultFlow").asText()).isEqualTo("DeviceCode");
    assertThat(all.get("old3").path("defaultFlow").asText()).isEqualTo("DeviceCode");
    assertThat(secret("old0")).isEmpty();
    assertThat(secret("old2")).isEmpty();
    assertThat(secret("old1")).contains("s1");
    for (int i = 0; i < 4; i++) {
      assertThat(secret("new" + i)).contains("secret-of-new" + i);
    }
  }

  @Test
  void parallelDeletesOfOneProfileRemoveItOnceAndTouchNothingElse() throws Exception {
    expectOk(create("gone", newClient(), "s"));
    expectOk(create("stays", newClient(), "kept-secret"));
    List<Callable<CliRunner.Result>> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tasks.add(() -> cli().run("config", "delete", "-p", "gone", "--yes"));
    }
    List<CliRunner.Result> results = inParallel(tasks);
    assertThat(results).anySatisfy(r -> assertThat(r.exitCode()).isZero());
    for (CliRunner.Result r : results) {
      assertThat(r.exitCode()).as(r.toString()).isIn(0, 3);
    }
    assertThat(profiles()).containsOnlyKeys("stays");
    assertThat(secret("gone")).isEmpty();
    assertThat(secret("stays")).contains("kept-secret");
  }

  // ---- import ----

  @Test
  void parallelImportsOfDifferentProfilesAmongEditsAllStand() throws Exception {
    expectOk(create("local", newClient(), "local-secret"));
    List<Callable<CliRunner.Result>> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path bundle = BUNDLE.get("imp-" + i);
      tasks.add(() -> cli().run("config", "import", "-i", bundle.toString()));
    }
    for (String[] field : FIELD_EDITS) {
      tasks.add(() -> cli().run(editArgs("local", field)));
    }
    inParallel(tasks).forEach(ConcurrentProfileWritesTest::expectOk);
    Map<String, JsonNode> all = profiles();
    assertThat(all).containsOnlyKeys("local", "imp-0", "imp-1", "imp-2");
    assertEveryFieldEdit(all.get("local"));
    for (int i = 0; i < 3; i++) {
      assertThat(all.get("imp-" + i).get("clientId").asText()).isEqualTo(BUNDLE_CLIENT.get("imp-" + i));
      assertThat(secret("imp-" + i)).contains(BUNDLE_SECRET.get("imp-" + i));
    }
    assertThat(secret("local")).contains("local-secret");
  }

  @Test
  void parallelImportsOverOneProfileLeaveOneBundlesProfileWithThatBundlesSecret() throws Exception {
    expectOk(create("shared", newClient(), "local-secret"));
    List<Callable<CliRunner.Result>> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path bundle = BUNDLE.get("shared-" + i % 2);
      tasks.add(() -> cli().run("config", "import", "-i", bundle.toString(), "--overwrite"));
    }
    inParallel(tasks).forEach(ConcurrentProfileWritesTest::expectOk);
    String client = profile("shared").get("clientId").asText();
    String from = BUNDLE_CLIENT.get("shared-0").equals(client) ? "shared-0" : "shared-1";
    assertThat(client).isEqualTo(BUNDLE_CLIENT.get(from));
    assertThat(secret("shared")).as("the secret that came with the stored profile").contains(BUNDLE_SECRET.get(from));
  }

  // ---- a run held at a read of standard input ----

  /**
   * A command running on its own thread with a pipe as standard input, held at its read until the test types into
   * it: what other runs do meanwhile is exactly what a slow typist, or a slow pipe, lets happen.
   */
  private static final class Held implements AutoCloseable {
    private final PipedOutputStream typed = new PipedOutputStream();
    private final PipedInputStream stdin;
    private final AtomicReference<CliRunner.Result> result = new AtomicReference<>();
    private final Thread thread;

    Held(CliRunner cli, boolean terminal, String... args) throws Exception {
      stdin = new PipedInputStream(typed, 1 << 16);
      InputStream in = stdin;
      thread = new Thread(() -> result.set(cli.runWithStream(in, terminal, args)), "held-" + args[1]);
      thread.start();
      awaitRead();
    }

    /** Types {@code text} and waits until the command has read it and waits for more. */
    void type(String text) throws Exception {
      typed.write(text.getBytes(StandardCharsets.UTF_8));
      typed.flush();
      awaitRead();
    }

    /** Types the last input, ends it, and returns what the command did. */
    CliRunner.Result finish(String text) throws Exception {
      typed.write(text.getBytes(StandardCharsets.UTF_8));
      typed.close();
      thread.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(thread.isAlive()).as("the held command finished").isFalse();
      return result.get();
    }

    /** Until the command's thread sits in a read of the pipe with nothing left in it. */
    private void awaitRead() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(stdin.available() == 0 && Arrays.stream(thread.getStackTrace())
          .anyMatch(f -> f.getClassName().equals(PipedInputStream.class.getName()) && f.getMethodName().equals("read")))) {
        assertThat(thread.isAlive()).as("the held command is still running: %s", result.get()).isTrue();
        assertThat(System.nanoTime()).as("the held command reached its read").isLessThan(deadline);
        Thread.sleep(1); // polls for a state, waits for no time
      }
    }

    @Override
    public void close() throws Exception {
      typed.close();
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }
  }
}
