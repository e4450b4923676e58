package dev.entratool.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.EntraToolException;
import dev.entratool.platform.AppPaths;
import dev.entratool.profile.AuthMethod;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.testing.MemorySecrets;
import dev.entratool.testing.TestBundles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Create, edit and import write secrets under profiles.json's lock and then the file; when that write fails, every
 * secret is as it was. Delete removes the profile first, so a secret store failing after it leaves an unused secret,
 * never a profile without its secret.
 */
class TransferRollBackTest {
  static final String CLIENT = "12345678-1234-1234-1234-123456789abc";

  @TempDir Path home;
  private final MemorySecrets store = new MemorySecrets();
  private final Map<String, String> stored = store.items;

  private ProfileStore profiles() {
    return new ProfileStore(home.resolve("profiles.json"));
  }

  private ProfileChanges changes() {
    return new ProfileChanges(profiles(), () -> store, new AppPaths(home, null), warning -> { });
  }

  private static Profile profile(String name, String tenant) {
    return TestBundles.profile(name, tenant, CLIENT).build();
  }

  /**
   * Runs {@code change} while every store change puts a folder where profiles.json is to be replaced, so the file's
   * write fails; then puts the file back as it was.
   */
  private void withTheFileWriteFailing(Runnable change) throws IOException {
    Path file = home.resolve("profiles.json");
    byte[] saved = Files.exists(file) ? Files.readAllBytes(file) : null;
    store.onChange = () -> {
      try {
        if (!Files.isDirectory(file)) {
          Files.deleteIfExists(file);
          Files.createDirectories(file.resolve("in-the-way"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    try {
      assertThatThrownBy(change::run).isInstanceOf(EntraToolException.class)
          .hasMessageStartingWith("Cannot write " + file);
    } finally {
      store.onChange = () -> { };
      Files.deleteIfExists(file.resolve("in-the-way"));
      Files.deleteIfExists(file);
      if (saved != null) {
        Files.write(file, saved);
      }
    }
  }

  private Map<String, String> snapshot() {
    return new TreeMap<>(stored);
  }

  @Test
  void aCreateWhoseFileWriteFailsLeavesNoSecret() throws IOException {
    withTheFileWriteFailing(() -> changes().create(profile("a", "common"), "new-secret"));
    assertThat(stored).isEmpty();
  }

  @Test
  void anEditWhoseFileWriteFailsPutsTheSecretsBack() throws IOException {
    changes().create(profile("a", "common"), "old-secret");
    Map<String, String> before = snapshot();
    // a new secret; then a move that removes the stored one (no secret given)
    withTheFileWriteFailing(() -> changes().edit("a", p -> profile("a", "organizations"), "new-secret",
        KeepSecrets.NEVER));
    assertThat(stored).isEqualTo(before);
    withTheFileWriteFailing(() -> changes().edit("a", p -> profile("a", "organizations"), null, KeepSecrets.NEVER));
    assertThat(stored).isEqualTo(before).containsEntry("a:client-secret", "old-secret");
    assertThat(profiles().require("a").tenantId()).isEqualTo("common");
  }

  @Test
  void anImportWhoseFileWriteFailsPutsTheSecretsBack() throws IOException {
    changes().create(profile("a", "common"), "old-secret");
    changes().create(profile("moved", "common"), "moved-secret");
    Map<String, String> before = snapshot();
    ProfileTransfer transfer = new ProfileTransfer(changes());
    List<BundleEntry> entries = List.of(
        new BundleEntry(profile("a", "common"), Map.of(SecretKind.CLIENT_SECRET, "bundle-secret-a")),
        new BundleEntry(profile("b", "common"), Map.of(SecretKind.CLIENT_SECRET, "bundle-secret-b")),
        new BundleEntry(profile("moved", "organizations"), Map.of()));
    withTheFileWriteFailing(() -> transfer.importEntries(entries, null, true, KeepSecrets.NEVER));
    assertThat(stored).isEqualTo(before);
    assertThat(profiles().list()).extracting(Profile::name).containsExactly("a", "moved");
  }

  @Test
  void aDeleteRemovesTheProfileBeforeItsSecrets() {
    changes().create(profile("a", "common"), "old-secret");
    store.onChange = () -> {
      throw new IllegalStateException("the secret store fails");
    };
    assertThatThrownBy(() -> changes().delete("a")).hasMessage("the secret store fails");
    assertThat(profiles().find("a")).as("the profile").isEmpty();
    assertThat(stored).as("what is left: a secret no profile uses").containsEntry("a:client-secret", "old-secret");

    // ...which a new profile of that name never picks up
    store.onChange = () -> { };
    Profile.Builder none = profile("a", "organizations").toBuilder();
    none.authMethod = AuthMethod.None;
    changes().create(none.build(), null);
    assertThat(stored).isEmpty();
  }
}
