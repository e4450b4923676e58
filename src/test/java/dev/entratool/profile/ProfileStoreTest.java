package dev.entratool.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** profiles.json through its one reader and writer. */
class ProfileStoreTest {
  private static final String HINT =
      "Fix the file by hand or move it aside; entratool will not overwrite it while it is invalid";
  /** One valid profile as JSON, for damaged files built around it. */
  private static final String ENTRY = "{\"name\":\"graph-sp\",\"tenantId\":\"contoso.onmicrosoft.com\",\"clientId\":\""
      + ProfileValidatorTest.CLIENT + "\",\"scopes\":[\"https://graph.microsoft.com/.default\"],"
      + "\"authMethod\":\"ClientSecret\"}";

  @TempDir Path home;

  private ProfileStore store() {
    return new ProfileStore(home.resolve("sub").resolve("profiles.json"));
  }

  private static Profile profile(String name) {
    Profile.Builder b = ProfileValidatorTest.valid();
    b.name = name;
    return b.build();
  }

  /** Appends profiles in one locked write. */
  static void add(ProfileStore store, List<Profile> profiles) {
    store.locked(locked -> {
      List<Profile> out = new ArrayList<>(locked.all());
      out.addAll(profiles);
      locked.write(out);
      return null;
    });
  }

  private Path write(String text) throws Exception {
    Path file = store().file();
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  /** The store refuses the file: exit 3, this message, and no change (a write under the lock is refused too). */
  private void assertDamaged(String message) throws Exception {
    byte[] before = Files.readAllBytes(store().file());
    for (Runnable read : List.<Runnable>of(() -> store().list(), () -> store().find("graph-sp"),
        () -> store().resolve(null), () -> add(store(), List.of(profile("new"))))) {
      assertThatThrownBy(read::run).isInstanceOfSatisfying(EntraToolException.class, e -> {
        assertThat(e.exitCode()).isEqualTo(ExitCode.PROFILE);
        assertThat(e.getMessage()).isEqualTo(store().file() + " " + message);
        assertThat(e.hint()).isEqualTo(HINT);
      });
    }
    assertThat(Files.readAllBytes(store().file())).isEqualTo(before);
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
    add(store(), List.of(p));
    assertThat(store().require("graph-sp")).isEqualTo(p);
    String json = Files.readString(store().file());
    assertThat(json).contains("\"version\": 1").contains("\"useCertificate\": true");
  }

  /**
   * Profiles as entratool wrote them with Jackson (its indented layout, {@code "key" : value}), every field and odd
   * strings: read as they were, and written again in today's layout with the same JSON values and escapes (compared
   * by Jackson here, independently of entratool's reader), the same bytes at every later write.
   */
  @Test
  void aFileWrittenByJacksonIsReadAndWrittenAgainAsTheSameJson() throws Exception {
    byte[] before;
    try (InputStream in = getClass().getResourceAsStream("profiles-as-written-before.json")) {
      before = in.readAllBytes();
    }
    Files.createDirectories(store().file().getParent());
    Files.write(store().file(), before);
    List<Profile> read = store().list();
    assertThat(read).extracting(Profile::name).containsExactly("graph-sp", "cert.sp_2", "me", "pwless");
    Profile cert = read.get(1);
    assertThat(cert.certificatePath())
        .isEqualTo("/certs/z\u00fcrich \u20ac \ud83d\ude00 \"q\" back\\slash\ttab\u0001ctl\u2028ls\u007f/x.pfx");
    assertThat(cert.authMethod()).isEqualTo(AuthMethod.Certificate);
    assertThat(cert.sendX5c()).isTrue();
    assertThat(cert.cloud()).isEqualTo(Cloud.AzureUSGovernment);
    assertThat(cert.defaultFlow()).isEqualTo(Flow.ClientCredentials);
    Profile me = read.get(2);
    assertThat(me.scopes()).containsExactly("https://graph.microsoft.com/User.Read",
        "https://graph.microsoft.com/Mail.Read", "openid");
    assertThat(me.redirectUri()).isEqualTo("http://localhost:8400");
    assertThat(me.authorityHost()).isEqualTo("https://127.0.0.1:8443");
    assertThat(read.get(3).certificatePath()).isEqualTo("C:\\certs\\a.pem");

    store().locked(locked -> {
      locked.write(locked.all());
      return null;
    });
    String rewritten = Files.readString(store().file());
    ObjectMapper jackson = new ObjectMapper();
    assertThat(jackson.readTree(rewritten)).isEqualTo(jackson.readTree(before));
    assertThat(rewritten).as("escaped as before").contains("\"/certs/z\u00fcrich \u20ac \ud83d\ude00 \\\"q\\\" "
        + "back\\\\slash\\ttab\\u0001ctl\u2028ls\u007f/x.pfx\"").doesNotContain("\" : ");
    store().locked(locked -> {
      locked.write(locked.all());
      return null;
    });
    assertThat(Files.readString(store().file())).isEqualTo(rewritten);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/c/ascii.pfx", "/c/\u00fc\u20ac.pfx", "/c/\ud83d\ude00.pfx", "/c/\"quoted\"\\back.pfx",
      "/c/\u0000\u0001\u001f\b\f\n\r\t.pfx", "/c/\u007f\u0080\u2028\u2029\ufeff\uffff.pfx", "/c/</script>.pfx",
      "/c/\\u0041 not an escape.pfx", "/c/\ufffd.pfx", " "})
  void oddStringsComeBackAsTheyWere(String path) {
    Profile.Builder b = ProfileValidatorTest.valid();
    b.authMethod = AuthMethod.Certificate;
    b.certificatePath = "x" + path;
    Profile p = b.build();
    add(store(), List.of(p));
    assertThat(store().list()).containsExactly(p);
  }

  @Test
  void folderIsPrivateAndFileIs0600() throws Exception {
    add(store(), List.of(profile("a")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store().file())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store().file().getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void aProfileIsSavedOnlyValidAndUnderANameOfItsOwnButNamesAreCaseSensitive() throws Exception {
    add(store(), List.of(profile("a"), profile("A")));
    byte[] before = Files.readAllBytes(store().file());
    assertThatThrownBy(() -> add(store(), List.of(profile("a")))).isInstanceOfSatisfying(EntraToolException.class,
        e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
          assertThat(e.getMessage()).isEqualTo("Profile 'a' already exists");
        });
    Profile.Builder invalid = ProfileValidatorTest.valid();
    invalid.name = "b";
    invalid.clientId = "nope";
    assertThatThrownBy(() -> add(store(), List.of(invalid.build()))).isInstanceOfSatisfying(
        EntraToolException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
          assertThat(e.getMessage()).startsWith("Profile 'b' cannot be saved: field clientId: 'nope' is not a GUID");
        });
    assertThat(Files.readAllBytes(store().file())).isEqualTo(before);
    assertThat(store().list()).extracting(Profile::name).containsExactly("a", "A");
  }

  @Test
  void unknownProfileNamesCloseMatches() {
    add(store(), List.of(profile("graph-sp"), profile("azure-prod")));
    assertThatThrownBy(() -> store().require("grpah-sp"))
        .isInstanceOfSatisfying(EntraToolException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.PROFILE);
          assertThat(e.getMessage()).isEqualTo("Profile 'grpah-sp' not found. Did you mean: graph-sp?");
          assertThat(e.hint()).isEqualTo("Run 'entratool config list' to see your profiles");
        });
    assertThat(store().find("grpah-sp")).isEmpty();
    assertThat(store().resolve("graph-sp").name()).isEqualTo("graph-sp");
  }

  @Test
  void withoutANameTheProfileNamedDefaultIsMeant() {
    assertThatThrownBy(() -> store().resolve(null)).isInstanceOfSatisfying(EntraToolException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(e.getMessage()).isEqualTo("No profile given (-p NAME), and there are no profiles yet");
      assertThat(e.hint()).isEqualTo("Create one with 'entratool config create'");
    });
    add(store(), List.of(profile("b"), profile("a")));
    assertThatThrownBy(() -> store().resolve(null)).isInstanceOfSatisfying(EntraToolException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(e.getMessage()).isEqualTo("No profile given (-p NAME), and none is named 'default'");
      assertThat(e.hint()).isEqualTo("Choose one with -p: b, a");
    });
    add(store(), List.of(profile(ProfileStore.DEFAULT_PROFILE)));
    assertThat(store().resolve(null).name()).isEqualTo("default");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {broken                                                  | is not valid JSON at line 1, column 2: expected a key
      {"version": 1,\\n  "profiles": [ {"name": "a",, } ]\\n}  | is not valid JSON at line 2, column 30: expected a key
      {"version":1,"version":1,"profiles":[%s]}                | is not valid JSON at line 1, column 14: duplicate key
      {"version":1,"profiles":[%s]} x                          | is not valid JSON at line 1, column 213: trailing characters
      {"version":1,"profiles":[%s]                             | is not valid JSON at line 1, column 211: expected ',' or '}'
      {"version":1,\\r\\n"profiles":[%s,\\r\\n{"name":\\ttru}]}     | is not valid JSON at line 3, column 10: unexpected word
      [%s]                                                     | must hold a JSON object {"version":1,"profiles":[...]}
      {"version":2,"profiles":[%s]}                            | has version 2, which this entratool does not know (it reads version 1); was it written by a newer entratool?
      {"version":"1","profiles":[%s]}                          | has version "1", which this entratool does not know (it reads version 1); was it written by a newer entratool?
      {"version":1,"profiles":{}}                              | field 'profiles' must be an array
      {"version":1,"profiles":[%s,7]}                          | profiles[1] must be an object
      {"version":1,"profiles":[%s,%s]}                         | profiles[1] repeats the profile name 'graph-sp'
      """)
  void aDamagedFileIsReportedWhereItIsDamagedAndNeverOverwritten(String shape, String message) throws Exception {
    write(shape.replace("%s", ENTRY).replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t"));
    assertDamaged(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      "tenantId":7                                   | field 'tenantId' must be a string
      "scopes":[1]                                   | field 'scopes' must be a list of strings
      "scopes":{}                                    | field 'scopes' must be a list of strings
      "sendX5c":"true"                               | field 'sendX5c' must be true or false
      "useCertificate":0                             | field 'useCertificate' must be true or false
      "authMethod":"Magic"                           | field 'authMethod': Unknown auth method 'Magic' (expected one of
      "defaultFlow":"Implicit"                       | field 'defaultFlow': Unknown flow 'Implicit'
      "cloud":"Mars"                                 | field 'cloud': Unknown cloud 'Mars'
      "clientId":"nope"                              | ('graph-sp') field clientId: 'nope' is not a GUID
      "redirectUri":"ftp://localhost"                | ('graph-sp') field redirectUri: 'ftp://localhost' must be an http://localhost[:port] or https URL
      """)
  void aFieldOfAnotherTypeOrValueIsNamed(String field, String message) throws Exception {
    String key = field.substring(0, field.indexOf(':') + 1);
    StringBuilder entry = new StringBuilder("{\"name\":\"graph-sp\"");
    for (String own : List.of("\"tenantId\":\"common\"", "\"clientId\":\"" + ProfileValidatorTest.CLIENT + "\"",
        "\"scopes\":[\"https://graph.microsoft.com/.default\"]", "\"authMethod\":\"ClientSecret\"")) {
      entry.append(',').append(own.startsWith(key) ? field : own);
    }
    if (!entry.toString().contains(field)) {
      entry.append(',').append(field);
    }
    write("{\"version\":1,\"profiles\":[" + ENTRY.replace("graph-sp", "first") + "," + entry + "}]}");
    Path file = store().file();
    for (Runnable read : List.<Runnable>of(() -> store().list(), () -> store().require("graph-sp"),
        () -> add(store(), List.of(profile("new"))))) {
      assertThatThrownBy(read::run).isInstanceOfSatisfying(EntraToolException.class, e -> {
        assertThat(e.exitCode()).isEqualTo(ExitCode.PROFILE);
        assertThat(e.getMessage()).startsWith(file + " profiles[1] " + message);
      });
    }
    // one profile is converted and checked only when it is asked for: the others stay usable
    assertThat(store().require("first").tenantId()).isEqualTo("contoso.onmicrosoft.com");
  }

  @Test
  void bytesThatAreNotUtf8AreReportedWhereTheyAre() throws Exception {
    write("{\"version\":1,\n\"profiles\":[" + ENTRY + "]}");
    byte[] bytes = Files.readAllBytes(store().file());
    int at = new String(bytes, StandardCharsets.UTF_8).indexOf("contoso");
    bytes[at + 2] = (byte) 0xC3; // a two-byte sequence cut short
    Files.write(store().file(), bytes);
    assertDamaged("is not valid UTF-8 text at line 2, column " + (at - "{\"version\":1,\n".length() + 3));
  }

  @Test
  void whatPeopleAndOtherToolsWriteIsRead() throws Exception {
    String userGuide = "{\"version\":1,\"profiles\":[{\"name\":\"cert-profile\",\"clientId\":\""
        + ProfileValidatorTest.CLIENT + "\",\"tenantId\":\"common\",\"scopes\":\"https://graph.microsoft.com/.default"
        + " Mail.Read\",\"certificatePath\":\"/path/to/cert.pfx\",\"useCertificate\":true,\"note\":{\"x\":[1,2.5]}}]}";
    write(userGuide);
    Profile p = store().require("cert-profile");
    assertThat(p.authMethod()).isEqualTo(AuthMethod.Certificate);
    assertThat(p.scopes()).containsExactly("https://graph.microsoft.com/.default",
        "https://graph.microsoft.com/Mail.Read");
    for (String text : List.of("\uFEFF{\"version\":1,\"profiles\":[" + ENTRY + "]}",
        "{\"profiles\":[" + ENTRY + "]}",
        "\r\n{ \"version\" : 1 ,\r\n\t\"profiles\" : [\r\n" + ENTRY + "\r\n]\r\n}\r\n",
        "{\"version\":1,\"profiles\":[" + ENTRY.replace("}", ",\"sendX5c\":null,\"defaultFlow\":null}") + "]}")) {
      write(text);
      assertThat(store().list()).as(text).extracting(Profile::name).containsExactly("graph-sp");
    }
    for (String none : List.of("{\"version\":1}", "{\"version\":1,\"profiles\":null}", "{}")) {
      write(none);
      assertThat(store().list()).as(none).isEmpty();
    }
  }

  /** A thousand profiles of every kind, as config list and a cached get-token read them. */
  private static List<Profile> many() {
    List<Profile> out = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
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

  @Test
  void aThousandProfilesAreReadBackAsStoredAndAHandEditThatBreaksOneIsReportedWhereItIsUsed() throws Exception {
    List<Profile> profiles = many();
    add(store(), profiles);
    assertThat(store().list()).isEqualTo(profiles);
    for (int i : new int[] {0, 3, 500, 999}) {
      assertThat(store().require(profiles.get(i).name())).isEqualTo(profiles.get(i));
    }
    String json = Files.readString(store().file());
    Files.writeString(store().file(), json.replaceFirst("\"clientId\": \"[0-9a-f-]{36}\"",
        "\"clientId\": \"not-a-guid\""));
    for (Runnable read : List.<Runnable>of(() -> store().list(), () -> store().require("profile-0000"))) {
      assertThatThrownBy(read::run).isInstanceOf(EntraToolException.class)
          .hasMessageContaining("profiles[0] ('profile-0000') field clientId: 'not-a-guid' is not a GUID");
    }
    assertThat(store().require("profile-0999")).isEqualTo(profiles.get(999));

    // the same entry twice, far apart
    String entry = json.substring(json.indexOf("{\n      \"name\": \"profile-0007\","),
        json.indexOf("},\n    {\n      \"name\": \"profile-0008\",") + 1);
    Files.writeString(store().file(), json.replace("}\n  ]\n}", "}, " + entry + "\n  ]\n}"));
    for (Runnable read : List.<Runnable>of(() -> store().list(), () -> store().require("profile-0999"))) {
      assertThatThrownBy(read::run).isInstanceOf(EntraToolException.class)
          .hasMessageContaining("profiles[1000] repeats the profile name 'profile-0007'");
    }
    Files.writeString(store().file(), json.replace("\"name\": \"profile-0500\"", "\"name\": 500"));
    assertThatThrownBy(() -> store().require("profile-0999")).isInstanceOf(EntraToolException.class)
        .hasMessageContaining("profiles[500] field 'name' must be a string");
  }

  @Test
  void theIndexOlderVersionsKeptIsNeverReadAndGoesWithTheNextWrite() throws Exception {
    List<Profile> profiles = many();
    add(store(), profiles);
    Path index = store().file().resolveSibling("profiles.json.index");
    Files.writeString(index, "an index some older version wrote for other bytes");
    Files.writeString(store().file(), Files.readString(store().file()).replace("\"common\"", "\"organizations\""));
    assertThat(store().list()).hasSize(1000).allMatch(p -> !p.tenantId().equals("common"));
    assertThat(index).as("only written over").exists();
    add(store(), List.of(profile("one-more")));
    assertThat(index).doesNotExist();
    try (var files = Files.list(store().file().getParent())) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("profiles.json",
          "profiles.json.lock");
    }
  }

  @Test
  void parallelWritersLoseNoUpdate() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String name = "p" + i;
      futures.add(pool.submit(() -> add(store(), List.of(profile(name)))));
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
}
