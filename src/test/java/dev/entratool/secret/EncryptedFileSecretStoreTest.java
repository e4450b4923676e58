package dev.entratool.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.EntraToolException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedFileSecretStoreTest {
  @TempDir Path home;
  final List<String> notices = new ArrayList<>();

  private EncryptedFileSecretStore store(Optional<String> passphrase) {
    return new EncryptedFileSecretStore(home.resolve("secrets.vault"), home.resolve("secrets.key"), passphrase,
        notices::add);
  }

  @Test
  void roundTripWithKeyFileAndSaysOnceWhatItProtects() throws Exception {
    EncryptedFileSecretStore s = store(Optional.empty());
    s.write("p", SecretKind.CLIENT_SECRET, "top-secret-value");
    s.write("p", SecretKind.CERTIFICATE_PASSWORD, "pfx-pass");
    assertThat(store(Optional.empty()).read("p", SecretKind.CLIENT_SECRET)).contains("top-secret-value");
    assertThat(s.read("q", SecretKind.CLIENT_SECRET)).isEmpty();
    assertThat(notices).hasSize(1);
    assertThat(notices.get(0)).contains("encrypted file").contains("protects against other users");
    for (String f : List.of("secrets.vault", "secrets.key")) {
      Path file = home.resolve(f);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(Files.readString(file)).doesNotContain("top-secret-value").doesNotContain("pfx-pass");
    }
    s.delete("p", SecretKind.CLIENT_SECRET);
    assertThat(store(Optional.empty()).read("p", SecretKind.CLIENT_SECRET)).isEmpty();
    assertThat(store(Optional.empty()).read("p", SecretKind.CERTIFICATE_PASSWORD)).contains("pfx-pass");
  }

  /**
   * Vaults written before this version, in Jackson's indented layout ({@code "key" : value}), with either key
   * source, are still read and written.
   */
  @Test
  void aVaultInTheEarlierLayoutIsStillReadAndWritten() throws Exception {
    for (Optional<String> passphrase : List.of(Optional.<String>empty(), Optional.of("correct horse"))) {
      Path vault = home.resolve("secrets.vault");
      Files.deleteIfExists(vault);
      store(passphrase).write("p", SecretKind.CLIENT_SECRET, "before-the-change");
      com.fasterxml.jackson.databind.ObjectMapper jackson = new com.fasterxml.jackson.databind.ObjectMapper();
      String earlier = jackson.writerWithDefaultPrettyPrinter().writeValueAsString(jackson.readTree(vault.toFile()));
      assertThat(earlier).contains("\"entries\" : {");
      Files.writeString(vault, earlier);
      assertThat(store(passphrase).read("p", SecretKind.CLIENT_SECRET)).contains("before-the-change");
      store(passphrase).write("q", SecretKind.CLIENT_SECRET, "after-the-change");
      assertThat(store(passphrase).read("p", SecretKind.CLIENT_SECRET)).contains("before-the-change");
      assertThat(store(passphrase).read("q", SecretKind.CLIENT_SECRET)).contains("after-the-change");
      assertThat(jackson.readTree(vault.toFile()).path("entries").size()).isEqualTo(2);
    }
  }

  @Test
  void aVaultThatIsNotOneSaysSoWithoutQuotingIt() throws Exception {
    store(Optional.empty()).write("p", SecretKind.CLIENT_SECRET, "s3cret");
    Path vault = home.resolve("secrets.vault");
    String whole = Files.readString(vault);
    for (String broken : List.of(whole.substring(0, whole.length() / 2), "[]", whole.replace("\"version\": 1",
        "\"version\": 2"), whole.replace("\"check\":", "\"checked\":"))) {
      Files.writeString(vault, broken);
      assertThatThrownBy(() -> store(Optional.empty()).read("p", SecretKind.CLIENT_SECRET))
          .isInstanceOf(EntraToolException.class).hasMessageContaining("is unusable: it ")
          .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("not valid JSON", "not an entratool vault",
              "has version 2"));
    }
  }

  @Test
  void passphraseVaultNeedsTheSamePassphrase() {
    store(Optional.of("correct horse")).write("p", SecretKind.CLIENT_SECRET, "s1");
    assertThat(store(Optional.of("correct horse")).read("p", SecretKind.CLIENT_SECRET)).contains("s1");
    assertThatThrownBy(() -> store(Optional.of("wrong")).read("p", SecretKind.CLIENT_SECRET))
        .isInstanceOf(EntraToolException.class)
        .hasMessageContaining("wrong key or passphrase");
    assertThatThrownBy(() -> store(Optional.empty()).read("p", SecretKind.CLIENT_SECRET))
        .hasMessageContaining("ENTRATOOL_VAULT_PASSPHRASE is not set");
    assertThat(Files.exists(home.resolve("secrets.key"))).isFalse();
  }

  @Test
  void everyTamperedByteOfAnEntryGivesAClearErrorNotGarbage() throws Exception {
    store(Optional.empty()).write("p", SecretKind.CLIENT_SECRET, "s3cret");
    Path vault = home.resolve("secrets.vault");
    String original = Files.readString(vault);
    String sealed = store(Optional.empty()).sealedEntries().get("p:client-secret");
    byte[] raw = java.util.Base64.getDecoder().decode(sealed);
    for (int i = 0; i < raw.length; i++) {
      byte[] flipped = raw.clone();
      flipped[i] ^= 0x01;
      String tampered = original.replace(sealed, java.util.Base64.getEncoder().encodeToString(flipped));
      Files.writeString(vault, tampered);
      int at = i;
      assertThatThrownBy(() -> store(Optional.empty()).read("p", SecretKind.CLIENT_SECRET))
          .as("flip at byte %d", at)
          .isInstanceOf(EntraToolException.class)
          .hasMessageContaining("does not decrypt (the file was modified)")
          .hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void swappedEntriesAreDetected() throws Exception {
    EncryptedFileSecretStore s = store(Optional.empty());
    s.write("a", SecretKind.CLIENT_SECRET, "secret-a");
    s.write("b", SecretKind.CLIENT_SECRET, "secret-b");
    var entries = s.sealedEntries();
    Path vault = home.resolve("secrets.vault");
    String text = Files.readString(vault, StandardCharsets.UTF_8);
    text = text.replace(entries.get("a:client-secret"), "@@A@@").replace(entries.get("b:client-secret"),
        entries.get("a:client-secret")).replace("@@A@@", entries.get("b:client-secret"));
    Files.writeString(vault, text);
    assertThatThrownBy(() -> store(Optional.empty()).read("a", SecretKind.CLIENT_SECRET))
        .hasMessageContaining("does not decrypt");
  }

  @Test
  void notAVaultIsReported() throws Exception {
    Files.writeString(home.resolve("secrets.vault"), "garbage");
    assertThatThrownBy(() -> store(Optional.empty()).read("p", SecretKind.CLIENT_SECRET))
        .hasMessageContaining("is unusable");
  }
}
