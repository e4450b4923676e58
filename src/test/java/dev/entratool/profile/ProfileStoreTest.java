package dev.entratool.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {
  @TempDir Path home;

  private ProfileStore store() {
    return new ProfileStore(home.resolve("sub").resolve("profiles.json"));
  }

  private static Profile profile(String name) {
    Profile.Builder b = ProfileValidatorTest.valid();
    b.name = name;
    return b.build();
  }

  @Test
  void roundTripsEveryFieldInAVersionedFile() throws Exception {
    Profile.Builder b = ProfileValidatorTest.valid();
    b.scopes = List.of("https://graph.microsoft.com/User.Read", "offline_access");
    b.authMethod = AuthMethod.PasswordlessCertificate;
    b.certificatePath = "/certs/sp.pfx";
    b.sendX5c = true;
    b.defaultFlow = Flow.AuthorizationCode;
    b.redirectUri = "http://localhost:8080";
    b.cloud = Cloud.AzureUSGovernment;
    b.authorityHost = "https://login.example.com";
    Profile p = b.build();
    store().create(p);
    assertThat(store().require("graph-sp")).isEqualTo(p);
    String json = Files.readString(store().file());
    assertThat(json).contains("\"version\" : 1").contains("\"useCertificate\" : true");
  }

  @Test
  void folderIsPrivateAndFileIs0600() throws Exception {
    store().create(profile("a"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store().file())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store().file().getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void duplicateNamesAreRefusedButNamesAreCaseSensitive() {
    store().create(profile("a"));
    store().create(profile("A"));
    assertThatThrownBy(() -> store().create(profile("a"))).isInstanceOf(EntraToolException.class)
        .hasMessage("Profile 'a' already exists");
    assertThat(store().list()).extracting(Profile::name).containsExactly("a", "A");
  }

  @Test
  void unknownProfileNamesCloseMatches() {
    store().create(profile("graph-sp"));
    store().create(profile("azure-prod"));
    assertThatThrownBy(() -> store().require("grpah-sp"))
        .isInstanceOfSatisfying(EntraToolException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.PROFILE);
          assertThat(e.getMessage()).isEqualTo("Profile 'grpah-sp' not found. Did you mean: graph-sp?");
          assertThat(e.hint()).isEqualTo("Run 'entratool config list' to see your profiles");
        });
  }

  @Test
  void corruptFileIsReportedWithLineAndNeverOverwritten() throws Exception {
    Path file = store().file();
    Files.createDirectories(file.getParent());
    String broken = "{\n  \"version\": 1,\n  \"profiles\": [ {\"name\": \"a\",, } ]\n}\n";
    Files.writeString(file, broken);
    assertThatThrownBy(() -> store().list()).isInstanceOfSatisfying(EntraToolException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(ExitCode.PROFILE);
      assertThat(e.getMessage()).startsWith(file + " is not valid JSON at line 3");
    });
    assertThatThrownBy(() -> store().create(profile("b"))).isInstanceOf(EntraToolException.class);
    assertThat(Files.readString(file)).isEqualTo(broken);
  }

  @Test
  void invalidFieldIsNamed() throws Exception {
    Path file = store().file();
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"version\":1,\"profiles\":[{\"name\":\"a\",\"tenantId\":\"common\","
        + "\"clientId\":\"nope\",\"scopes\":[\"x/.default\"],\"authMethod\":\"ClientSecret\"}]}");
    assertThatThrownBy(() -> store().list()).hasMessageContaining("profiles[0] ('a') field clientId: 'nope' is not"
        + " a GUID");
  }

  @Test
  void newerVersionIsRefused() throws Exception {
    Path file = store().file();
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"version\":2,\"profiles\":[]}");
    assertThatThrownBy(() -> store().list()).hasMessageContaining("written by a newer entratool");
  }

  @Test
  void whatTheStrictReaderDeclinesIsReadByTheJsonLibrary() throws Exception {
    Path file = store().file();
    Files.createDirectories(file.getParent());
    String profile = "{\"name\":\"a\",\"tenantId\":\"common\",\"clientId\":\"" + ProfileValidatorTest.CLIENT
        + "\",\"scopes\":[\"x/.default\"],\"authMethod\":\"ClientSecret\"}";
    for (String text : List.of("\uFEFF{\"version\":1,\"profiles\":[" + profile + "]}",
        "{\"version\":1,\"version\":1,\"profiles\":[" + profile + "]}",
        "{\"version\":1,\"profiles\":["
            + profile.replace("\"x/.default\"]", "\"x/.default\"],\"sendX5c\":0") + "]}")) {
      Files.writeString(file, text);
      assertThat(store().list()).as(text).extracting(Profile::name).containsExactly("a");
    }
  }

  @Test
  void userGuideShapeWithUseCertificateIsRead() throws Exception {
    Path file = store().file();
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"version\":1,\"profiles\":[{\"name\":\"cert-profile\",\"clientId\":\""
        + ProfileValidatorTest.CLIENT + "\",\"tenantId\":\"common\",\"scopes\":\"https://graph.microsoft.com/.default\","
        + "\"certificatePath\":\"/path/to/cert.pfx\",\"useCertificate\":true}]}");
    Profile p = store().require("cert-profile");
    assertThat(p.authMethod()).isEqualTo(AuthMethod.Certificate);
    assertThat(p.scopes()).containsExactly("https://graph.microsoft.com/.default");
  }

  @Test
  void parallelWritersLoseNoUpdate() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String name = "p" + i;
      futures.add(pool.submit(() -> store().create(profile(name))));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    assertThat(store().list()).hasSize(40);
    try (var files = Files.list(store().file().getParent())) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("profiles.json",
          "profiles.json.lock");
    }
  }

  @Test
  void updateAndDelete() {
    store().create(profile("a"));
    store().update("a", p -> p.toBuilder().build().withName("a"));
    Profile edited = store().update("a", p -> {
      Profile.Builder b = p.toBuilder();
      b.tenantId = "common";
      return b.build();
    });
    assertThat(store().require("a").tenantId()).isEqualTo("common").isEqualTo(edited.tenantId());
    assertThat(store().delete("a")).isTrue();
    assertThat(store().delete("a")).isFalse();
    assertThat(store().list()).isEmpty();
  }
}
