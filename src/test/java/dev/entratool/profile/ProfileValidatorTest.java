package dev.entratool.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileValidatorTest {
  static final String CLIENT = "12345678-1234-1234-1234-123456789abc";

  static Profile.Builder valid() {
    Profile.Builder b = Profile.builder();
    b.name = "graph-sp";
    b.tenantId = "contoso.onmicrosoft.com";
    b.clientId = CLIENT;
    b.scopes = List.of("https://graph.microsoft.com/.default");
    b.authMethod = AuthMethod.ClientSecret;
    return b;
  }

  private static List<String> fields(Profile.Builder b) {
    return ProfileValidator.problems(b.build(), true).stream().map(ProfileValidator.Problem::field).toList();
  }

  @Test
  void acceptsAValidProfileAndTenantForms() {
    assertThat(fields(valid())).isEmpty();
    for (String tenant : List.of("common", "organizations", "contoso.com", "8eaef023-2b34-4da1-9baa-8bc8c9d6a490")) {
      Profile.Builder b = valid();
      b.tenantId = tenant;
      assertThat(fields(b)).as(tenant).isEmpty();
    }
  }

  @Test
  void rejectsBadNamesTenantsAndClientIds() {
    for (String name : List.of("", "has space", "a/b", "x".repeat(65))) {
      Profile.Builder b = valid();
      b.name = name;
      assertThat(fields(b)).as(name).containsExactly("name");
    }
    Profile.Builder b = valid();
    b.tenantId = "not a tenant";
    b.clientId = "1234";
    assertThat(fields(b)).containsExactly("tenantId", "clientId");
  }

  @Test
  void authorityHostMustBeHttpsWithoutPath() {
    Profile.Builder b = valid();
    b.authorityHost = "http://login.example.com";
    assertThat(ProfileValidator.problems(b.build(), true)).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("must use https"));
    b.authorityHost = "https://login.example.com/tenant";
    assertThat(fields(b)).containsExactly("authorityHost");
    b.authorityHost = "https://127.0.0.1:8443";
    assertThat(fields(b)).isEmpty();
  }

  @Test
  void certificateMethodsNeedAReadableFile(@TempDir Path dir) throws Exception {
    Profile.Builder b = valid();
    b.authMethod = AuthMethod.Certificate;
    assertThat(fields(b)).containsExactly("certificatePath");
    b.certificatePath = dir.resolve("missing.pfx").toString();
    assertThat(ProfileValidator.problems(b.build(), true).get(0).message()).startsWith("no such file");
    assertThat(ProfileValidator.problems(b.build(), false)).isEmpty();
    Path cert = Files.writeString(dir.resolve("cert.pfx"), "x");
    b.certificatePath = cert.toString();
    assertThat(fields(b)).isEmpty();
  }

  @Test
  void publicClientCannotDefaultToConfidentialFlows() {
    Profile.Builder b = valid();
    b.authMethod = AuthMethod.None;
    b.defaultFlow = Flow.ClientCredentials;
    assertThat(fields(b)).containsExactly("defaultFlow");
    b.defaultFlow = Flow.DeviceCode;
    assertThat(fields(b)).isEmpty();
  }

  @Test
  void redirectUriMustBeLoopbackHttpOrHttps() {
    Profile.Builder b = valid();
    b.redirectUri = "http://example.com/cb";
    assertThat(fields(b)).containsExactly("redirectUri");
    b.redirectUri = "http://localhost:8080";
    assertThat(fields(b)).isEmpty();
  }

  @Test
  void flowNamesAreLenient() {
    assertThat(Flow.parse("client-credentials")).isEqualTo(Flow.ClientCredentials);
    assertThat(Flow.parse("DEVICECODE")).isEqualTo(Flow.DeviceCode);
    assertThat(Flow.parse("interactive_browser")).isEqualTo(Flow.InteractiveBrowser);
  }
}
