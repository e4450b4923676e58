package dev.entratool.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run killed half-way leaves behind, and how the next run deals with it: temporary copies of the vault,
 * profiles.json or the token cache go with the next write of the same file.
 */
class CrashLeftoversTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  private static void expectOk(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void temporaryCopiesAKilledWriterLeftGoWithTheNextWriteOfTheSameFile() throws Exception {
    CliRunner cli = fx.cli(home);
    String client = EntraFixture.newClientId();
    fx.entra.registerApp(client).secret("s").secret("s2").allow("https://graph.microsoft.com", "x");
    fx.createSecretProfile(cli, "sp", client, "s", GRAPH);
    Path cache = Files.createDirectories(home.resolve("cache"));
    // as writeAtomically names them: "." + file name + "." + random digits + ".tmp"
    List<Path> stale = List.of(home.resolve(".secrets.vault.8472615093.tmp"), home.resolve(".secrets.key.31.tmp"),
        home.resolve(".profiles.json.5550123.tmp"), cache.resolve(".sp.tokens.90210.tmp"));
    // not temp files of those: another file's, and a profile whose name extends "sp.tokens"
    List<Path> others = List.of(home.resolve(".secrets.vault.lock.tmp"), home.resolve("notes.tmp"),
        cache.resolve(".sp.tokens.x.tokens.17.tmp"), cache.resolve(".other.tokens.17.tmp"));
    for (Path p : Stream.concat(stale.stream(), others.stream()).toList()) {
      Files.writeString(p, "left by a killed writer");
    }

    expectOk(cli.runWithStdin("s2\n", "config", "edit", "-p", "sp", "--secret-stdin")); // the vault and profiles.json
    expectOk(cli.run("get-token", "-p", "sp", "--silent")); // the token cache
    for (Path p : stale) {
      assertThat(p).as("stale").doesNotExist();
    }
    for (Path p : others) {
      assertThat(p).as("not ours to remove").exists();
    }
  }
}
