package dev.entratool.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path's profile lookup reads back exactly what ProfileStore wrote, and gives up on anything odd. */
class ProfileLookupTest {
  @TempDir Path home;

  @Test
  void findsEveryKindOfProfileAsTheStoreDoes() throws Exception {
    ProfileStore store = new ProfileStore(home.resolve("profiles.json"));
    Profile.Builder secret = ProfileValidatorTest.valid();
    Profile.Builder cert = ProfileValidatorTest.valid();
    cert.name = "cert-sp";
    cert.authMethod = AuthMethod.Certificate;
    cert.certificatePath = "/etc/entratool/app.pfx";
    cert.sendX5c = true;
    cert.cloud = Cloud.AzureUSGovernment;
    cert.scopes = List.of("https://management.usgovcloudapi.net/.default");
    Profile.Builder user = ProfileValidatorTest.valid();
    user.name = "me.dev_1";
    user.authMethod = AuthMethod.None;
    user.defaultFlow = Flow.DeviceCode;
    user.scopes = List.of("https://graph.microsoft.com/User.Read", "https://graph.microsoft.com/Mail.Read", "openid");
    user.redirectUri = "http://localhost:8400";
    user.authorityHost = "https://127.0.0.1:8443";
    for (Profile.Builder b : List.of(secret, cert, user)) {
      store.create(b.build());
    }
    for (Profile p : store.list()) {
      assertThat(ProfileLookup.find(store.file(), p.name())).contains(p);
    }
    assertThat(ProfileLookup.find(store.file(), "absent")).isEmpty();
    assertThat(ProfileLookup.find(home.resolve("missing.json"), "graph-sp")).isEmpty();
  }

  @Test
  void findsOneProfileAmongAThousandAsTheStoreDoes() throws Exception {
    ProfileStore store = new ProfileStore(home.resolve("profiles.json"));
    List<Profile> many = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Profile.Builder b = ProfileValidatorTest.valid();
      b.name = "p-" + i;
      b.defaultFlow = i % 2 == 0 ? Flow.ClientCredentials : null;
      many.add(b.build());
    }
    store.putAll(many, false);
    assertThat(Files.size(store.file())).as("large enough for the located read").isGreaterThan(64 * 1024);
    for (String name : List.of("p-0", "p-500", "p-999")) {
      assertThat(ProfileLookup.find(store.file(), name)).isEqualTo(store.find(name));
    }
    assertThat(ProfileLookup.find(store.file(), "p-1000")).isEmpty();
    assertThat(ProfileLookup.find(store.file(), "p-1")).isPresent();

    // the same entry twice: the located read gives way to the full parse, which refuses the file
    String text = Files.readString(store.file());
    String entry = text.substring(text.indexOf("{\n    \"name\" : \"p-7\","),
        text.indexOf("}, {\n    \"name\" : \"p-8\",") + 1);
    Files.writeString(store.file(), text.replace("\"profiles\" : [ ", "\"profiles\" : [ " + entry + ", "));
    assertThat(ProfileLookup.find(store.file(), "p-7")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"version\":2,\"profiles\":[%s]}",
      "{\"version\":1,\"profiles\":{}}",
      "{\"version\":1,\"profiles\":[%s,%s]}",
      "{\"version\":1,\"profiles\":[%s]",
      "[%s]"})
  void givesUpOnADamagedFile(String shape) throws Exception {
    String profile = "{\"name\":\"graph-sp\",\"tenantId\":\"contoso.onmicrosoft.com\",\"clientId\":\""
        + ProfileValidatorTest.CLIENT + "\",\"scopes\":[\"https://graph.microsoft.com/.default\"],"
        + "\"authMethod\":\"ClientSecret\"}";
    Path file = Files.writeString(home.resolve("profiles.json"), shape.replace("%s", profile));
    assertThat(ProfileLookup.find(file, "graph-sp")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"tenantId\":7", "\"scopes\":\"https://graph.microsoft.com/.default\"", "\"scopes\":[1]",
      "\"sendX5c\":\"true\"", "\"authMethod\":\"Magic\"", "\"defaultFlow\":\"Implicit\"", "\"cloud\":\"Mars\""})
  void givesUpOnAFieldItDoesNotReadExactlyAsTheStore(String field) throws Exception {
    Path file = Files.writeString(home.resolve("profiles.json"), "{\"version\":1,\"profiles\":[{\"name\":\"graph-sp\","
        + "\"clientId\":\"" + ProfileValidatorTest.CLIENT + "\",\"authMethod\":\"ClientSecret\"," + field + "}]}");
    assertThat(ProfileLookup.find(file, "graph-sp")).isEmpty();
  }
}
