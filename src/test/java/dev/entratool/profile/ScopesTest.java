package dev.entratool.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScopesTest {
  @Test
  void qualifiesBarePermissionsWithThePrecedingResource() {
    assertThat(Scopes.parse("https://graph.microsoft.com/User.Read Mail.Read Calendars.Read"))
        .containsExactly("https://graph.microsoft.com/User.Read", "https://graph.microsoft.com/Mail.Read",
            "https://graph.microsoft.com/Calendars.Read");
  }

  @Test
  void commasAndSpacesBothSeparate() {
    assertThat(Scopes.parse("https://graph.microsoft.com/User.Read,Mail.Read, Calendars.Read"))
        .isEqualTo(Scopes.parse("https://graph.microsoft.com/User.Read Mail.Read Calendars.Read"));
  }

  @Test
  void defaultScopeAndOidcScopesStayAsTheyAre() {
    assertThat(Scopes.parse("https://graph.microsoft.com/.default")).containsExactly(
        "https://graph.microsoft.com/.default");
    assertThat(Scopes.parse("api://my-api/access_as_user offline_access openid Read"))
        .containsExactly("api://my-api/access_as_user", "offline_access", "openid", "api://my-api/Read");
  }

  @Test
  void bareScopesWithoutResourceAreKeptAndDuplicatesDropped() {
    assertThat(Scopes.parse("User.Read  User.Read")).containsExactly("User.Read");
    assertThat(Scopes.parse("  ")).isEmpty();
  }

  @Test
  void problemsNameTheBadScope() {
    assertThat(Scopes.problem("https://graph.microsoft.com/.default")).isNull();
    assertThat(Scopes.problem("https://graph.microsoft.com/")).contains("ends with '/'");
    assertThat(Scopes.problem("a\"b")).contains("'a\"b'");
  }
}
