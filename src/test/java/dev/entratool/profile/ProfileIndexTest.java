package dev.entratool.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.EntraToolException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index beside a large profiles.json: used only for the exact bytes it was made from. */
class ProfileIndexTest {
  @TempDir Path home;

  private ProfileStore store() {
    return new ProfileStore(home.resolve("profiles.json"));
  }

  private Path indexFile() {
    return home.resolve("profiles.json.index");
  }

  /** 300 profiles using every field (one with a non-ASCII path): some 90 KB of profiles.json. */
  private static List<Profile> many() {
    List<Profile> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Profile.Builder b = ProfileValidatorTest.valid();
      b.name = String.format("profile-%04d", i);
      b.tenantId = i % 2 == 0 ? "contoso.onmicrosoft.com" : "common";
      switch (i % 3) {
        case 0 -> {
          b.authMethod = AuthMethod.Certificate;
          b.certificatePath = i == 3 ? "/certs/zertifikat-\u00fc-\u20ac.pfx" : "/certs/sp-" + i + ".pfx";
          b.sendX5c = true;
          b.cloud = Cloud.AzureUSGovernment;
        }
        case 1 -> {
          b.authMethod = AuthMethod.None;
          b.defaultFlow = Flow.DeviceCode;
          b.redirectUri = "http://localhost:" + (8000 + i);
          b.scopes = List.of("https://graph.microsoft.com/User.Read", "offline_access");
        }
        default -> {
          b.defaultFlow = Flow.ClientCredentials;
          b.authorityHost = "https://login.example.com";
        }
      }
      out.add(b.build());
    }
    return out;
  }

  private List<Profile> storeMany() throws Exception {
    List<Profile> profiles = many();
    store().putAll(profiles, false);
    assertThat(Files.size(store().file())).isGreaterThan(ProfileIndex.MIN_SIZE);
    return profiles;
  }

  @Test
  void aLargeFileIsIndexedPrivatelyAndReadBackTheSame() throws Exception {
    List<Profile> profiles = storeMany();
    assertThat(store().list()).isEqualTo(profiles); // parsed, and the index written
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(indexFile()))).isEqualTo("rw-------");
    assertThat(store().list()).isEqualTo(profiles); // from the index
    assertThat(store().require("profile-0003").certificatePath()).isEqualTo("/certs/zertifikat-\u00fc-\u20ac.pfx");
  }

  @Test
  void theIndexAnswersForExactlyTheBytesItWasMadeFrom() throws Exception {
    List<Profile> profiles = storeMany();
    byte[] json = Files.readAllBytes(store().file());
    // an index whose answer differs from the file shows which of the two a read used
    List<Profile> marked = new ArrayList<>(profiles);
    marked.set(0, profiles.get(0).withName("from-the-index"));
    new ProfileIndex(indexFile()).write(json, marked);
    assertThat(store().list()).isEqualTo(marked);
    byte[] markedIndex = Files.readAllBytes(indexFile());

    // a hand edit that keeps the file's length: another tenant of the same length
    String edited = new String(json, StandardCharsets.UTF_8)
        .replaceFirst("\"contoso.onmicrosoft.com\"", "\"contosa.onmicrosoft.com\"");
    assertThat(edited.getBytes(StandardCharsets.UTF_8)).hasSize(json.length);
    Files.writeString(store().file(), edited);
    List<Profile> read = store().list();
    assertThat(read.get(0).name()).isEqualTo("profile-0000");
    assertThat(read.get(0).tenantId()).isEqualTo("contosa.onmicrosoft.com");
    assertThat(Files.readAllBytes(indexFile())).isNotEqualTo(markedIndex); // made anew for the edited file
    byte[] remade = Files.readAllBytes(indexFile());
    assertThat(store().list()).isEqualTo(read);
    assertThat(Files.readAllBytes(indexFile())).isEqualTo(remade);
  }

  @Test
  void aHandEditThatBreaksAProfileIsReportedThoughAnIndexExists() throws Exception {
    storeMany();
    store().list();
    assertThat(indexFile()).exists();
    String json = Files.readString(store().file());
    Files.writeString(store().file(), json.replaceFirst("\"clientId\" : \"[0-9a-f-]{36}\"",
        "\"clientId\" : \"not-a-guid-00000000-0000-0000-000000\""));
    assertThatThrownBy(() -> store().list()).isInstanceOf(EntraToolException.class)
        .hasMessageContaining("profiles[0] ('profile-0000') field clientId:");
  }

  @Test
  void aDamagedIndexIsIgnoredAndWrittenAgain() throws Exception {
    List<Profile> profiles = storeMany();
    store().list();
    byte[] index = Files.readAllBytes(indexFile());
    List<byte[]> damaged = List.of(new byte[0], Arrays.copyOf(index, index.length / 2),
        Arrays.copyOf(index, index.length + 1), "not an index at all".getBytes(StandardCharsets.UTF_8));
    for (byte[] bad : damaged) {
      Files.write(indexFile(), bad);
      assertThat(store().list()).isEqualTo(profiles);
      assertThat(Files.readAllBytes(indexFile())).isEqualTo(index);
    }
  }

  @Test
  void anIndexDamagedAnywhereIsNotBelievedAndSizesNoArray() throws Exception {
    List<Profile> profiles = storeMany();
    store().list();
    byte[] index = Files.readAllBytes(indexFile());
    List<Integer> positions = new ArrayList<>();
    for (int at = 0; at < 64; at++) {
      positions.add(at); // the header and the first texts
    }
    for (int at = index.length - 4; at > index.length - 4 * 40; at -= 4) {
      positions.add(at); // the numbers of the last profiles
    }
    for (int at : positions) {
      for (int bad : new int[] {Integer.MAX_VALUE, -2}) {
        byte[] damaged = index.clone();
        java.nio.ByteBuffer.wrap(damaged).putInt(at, bad);
        Files.write(indexFile(), damaged);
        assertThat(store().list()).as("%d at %d", bad, at).isEqualTo(profiles);
      }
    }
  }

  @Test
  void damagedCountsThatPassTheChecksumNeverSizeAnArray() throws Exception {
    // a small index, written directly, damaged at every byte and its checksum made to match again
    byte[] json = "stands for profiles.json".getBytes(StandardCharsets.UTF_8);
    List<Profile> two = List.of(many().get(0), many().get(1));
    ProfileIndex index = new ProfileIndex(indexFile());
    index.write(json, two);
    byte[] good = Files.readAllBytes(indexFile());
    assertThat(index.read(json)).isEqualTo(two);
    for (int at = 0; at + 4 <= good.length - 4; at++) {
      for (int bad : new int[] {Integer.MAX_VALUE, -2, 1 << 20}) {
        byte[] damaged = good.clone();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(damaged).putInt(at, bad);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(damaged, 0, damaged.length - 4);
        buffer.putInt(damaged.length - 4, (int) crc.getValue());
        Files.write(indexFile(), damaged);
        List<Profile> read = index.read(json); // must neither throw nor exhaust the heap
        assertThat(read == null || read.size() == 2).as("%d at %d", bad, at).isTrue();
      }
    }
  }

  @Test
  void everyJavaStringComesBackAsItWas() throws Exception {
    byte[] json = "stands for profiles.json".getBytes(StandardCharsets.UTF_8);
    List<Profile> profiles = new ArrayList<>();
    for (String path : List.of("/c/ascii.pfx", "/c/\u00fc\u20ac.pfx", "/c/\ud83d\ude00.pfx", "/c/lone-\ud800.pfx",
        "/c/lone-\udc00-end\ud800", "")) {
      Profile.Builder b = ProfileValidatorTest.valid();
      b.name = "p" + profiles.size();
      b.authMethod = AuthMethod.Certificate;
      b.certificatePath = path;
      profiles.add(b.build());
    }
    ProfileIndex index = new ProfileIndex(indexFile());
    index.write(json, profiles);
    assertThat(index.read(json)).isEqualTo(profiles);
  }

  @Test
  void anIndexIsDroppedWhenItsFileBecomesSmall() throws Exception {
    List<Profile> profiles = many();
    int count = 0;
    while (Files.notExists(store().file()) || Files.size(store().file()) < ProfileIndex.MIN_SIZE) {
      store().create(profiles.get(count++));
    }
    store().list();
    assertThat(indexFile()).exists();
    while (Files.size(store().file()) >= ProfileIndex.MIN_SIZE) {
      assertThat(store().delete(profiles.get(--count).name())).isTrue();
    }
    assertThat(indexFile()).doesNotExist();
    assertThat(store().list()).hasSize(count);
  }

  @Test
  void changesThroughTheStoreAreSeenByTheNextRead() throws Exception {
    storeMany();
    store().list();
    store().update("profile-0002", p -> {
      Profile.Builder b = p.toBuilder();
      b.tenantId = "organizations";
      return b.build();
    });
    assertThat(store().delete("profile-0001")).isTrue();
    List<Profile> read = store().list();
    assertThat(read).hasSize(299);
    assertThat(read.get(1).name()).isEqualTo("profile-0002");
    assertThat(read.get(1).tenantId()).isEqualTo("organizations");
  }

  @Test
  void aSmallFileHasNoIndex() {
    store().create(ProfileValidatorTest.valid().build());
    assertThat(store().list()).hasSize(1);
    assertThat(indexFile()).doesNotExist();
  }
}
