package dev.entratool.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.EntraToolException;
import dev.entratool.profile.AuthMethod;
import dev.entratool.profile.Profile;
import dev.entratool.secret.SecretKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a bundle's decrypted payload holds, read back whole or refused whole, each refusal naming its entry. */
class ProfileBundleTest {
  static final String PROFILE = "{\"name\":\"a\",\"tenantId\":\"common\",\"clientId\":"
      + "\"12345678-1234-1234-1234-123456789abc\",\"scopes\":[\"https://graph.microsoft.com/.default\"],"
      + "\"authMethod\":\"ClientSecret\"}";

  private static Profile profile(String name) {
    Profile.Builder b = Profile.builder();
    b.name = name;
    b.tenantId = "contoso.onmicrosoft.com";
    b.clientId = "12345678-1234-1234-1234-123456789abc";
    b.scopes = List.of("https://graph.microsoft.com/.default");
    b.authMethod = AuthMethod.ClientSecret;
    return b.build();
  }

  @Test
  void aPayloadComesBackAsItWasWritten() {
    List<BundleEntry> entries = List.of(
        new BundleEntry(profile("with-secret"), Map.of(SecretKind.CLIENT_SECRET, "s3cret \"quoted\" \u00fc\n")),
        new BundleEntry(profile("without"), Map.of()));
    assertThat(ProfileBundle.fromPayload(ProfileBundle.toPayload(entries))).isEqualTo(entries);
  }

  /** As bundles were written before (Jackson's compact layout), and with a null for no secrets. */
  @Test
  void aCompactPayloadAndNullSecretsAreRead() {
    String payload = "{\"profiles\":[{\"profile\":" + PROFILE + ",\"secrets\":null},{\"profile\":"
        + PROFILE.replace("\"a\"", "\"b\"") + ",\"secrets\":{\"certificate-password\":\"pw\"}}]}";
    List<BundleEntry> read = ProfileBundle.fromPayload(payload.getBytes(StandardCharsets.UTF_8));
    assertThat(read).extracting(e -> e.profile().name()).containsExactly("a", "b");
    assertThat(read.get(0).secrets()).isEmpty();
    assertThat(read.get(1).secrets()).isEqualTo(Map.of(SecretKind.CERTIFICATE_PASSWORD, "pw"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "not json                                                   | its content is not valid JSON",
      "{\"profiles\":[],\"profiles\":[]}                          | its content is not valid JSON",
      "[]                                                         | it holds no profile list",
      "{\"profiles\":{}}                                          | it holds no profile list",
      "{\"profiles\":[]}                                          | it holds no profile list",
      "{\"profiles\":[7]}                                         | profiles[0] is not an object",
      "{\"profiles\":[{\"profile\":[]}]}                          | profiles[0] profile must be an object",
      "{\"profiles\":[{\"profile\":PROFILE,\"secrets\":[]}]}      | profiles[0] field 'secrets' is not an object",
      "{\"profiles\":[{\"profile\":PROFILE,\"secrets\":{\"cache-key\":\"k\"}}]} "
          + "| profiles[0] holds an unknown kind of secret 'cache-key'",
      "{\"profiles\":[{\"profile\":PROFILE,\"secrets\":{\"client-secret\":\"\"}}]} "
          + "| profiles[0] holds an empty or non-text client secret",
      "{\"profiles\":[{\"profile\":PROFILE,\"secrets\":{\"client-secret\":1}}]} "
          + "| profiles[0] holds an empty or non-text client secret",
      "{\"profiles\":[{\"profile\":PROFILE},{\"profile\":PROFILE}]} | it holds the profile name 'a' twice"})
  void anythingElseIsRefusedWholeNamingItsEntry(String payload, String why) {
    byte[] bytes = payload.replace("PROFILE", PROFILE).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ProfileBundle.fromPayload(bytes)).isInstanceOf(EntraToolException.class)
        .hasMessage("The bundle holds an invalid profile list: " + why);
  }

  @Test
  void aPayloadThatIsNotUtf8IsNoJson() {
    byte[] bytes = ("{\"profiles\":[{\"profile\":" + PROFILE.replace("\"a\"", "\"\u00e4\"") + "}]}")
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> ProfileBundle.fromPayload(bytes)).isInstanceOf(EntraToolException.class)
        .hasMessage("The bundle holds an invalid profile list: its content is not valid JSON");
  }
}
