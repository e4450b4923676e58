package dev.entratool.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.profile.Cloud;
import dev.entratool.profile.Profile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast-path entry answers exactly the requests the token cache would answer with it, and nothing else. */
class SessionTierEntryTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String CLIENT = "12345678-1234-1234-1234-123456789abc";

  private static Profile profile(String tenant, String host) {
    Profile.Builder b = Profile.builder();
    b.name = "graph";
    b.tenantId = tenant;
    b.clientId = CLIENT;
    b.scopes = List.of("https://graph.microsoft.com/.default");
    b.authorityHost = host;
    return b.build();
  }

  private static final Profile PROFILE = profile("contoso.onmicrosoft.com", null);
  private static final String ORIGIN = "2049/77/412/2026-11-25T11:00:00.1Z/2026-11-25T11:00:00.1Z flow=* tenant=* "
      + "scope=*";
  private static final SessionTier.Entry TOKEN = SessionTier.Entry.of(TokenKey.of(PROFILE, true,
      List.of("https://graph.microsoft.com/User.Read", "openid", "offline_access")), ORIGIN, NOW.plusSeconds(3600),
      "eyJ.a.b");

  private static boolean answers(Profile profile, boolean forUser, List<String> asked, Instant validUntil) {
    return TOKEN.answers(TokenKey.of(profile, forUser, asked), validUntil);
  }

  @Test
  void roundTripsThroughItsTextForm() {
    SessionTier.Entry parsed = SessionTier.Entry.parse(TOKEN.format()).orElseThrow();
    assertThat(parsed.format()).isEqualTo(TOKEN.format());
    assertThat(parsed.token()).isEqualTo("eyJ.a.b");
    assertThat(parsed.expiresOn()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(parsed.toString()).doesNotContain("eyJ");
  }

  @Test
  void answersTheSameClientAuthorityKindScopesAndValidity() {
    List<String> asked = List.of("HTTPS://GRAPH.MICROSOFT.COM/user.read", "openid", "profile");
    assertThat(answers(PROFILE, true, asked, NOW.plusSeconds(3599))).isTrue();
    assertThat(answers(PROFILE, true, asked, NOW.plusSeconds(3600))).as("expired at validUntil").isFalse();
    assertThat(answers(PROFILE, false, asked, NOW)).as("an app token asked").isFalse();
    assertThat(answers(PROFILE, true, List.of("https://graph.microsoft.com/Mail.Read"), NOW)).isFalse();
    assertThat(answers(profile("fabrikam.onmicrosoft.com", null), true, asked, NOW)).as("another tenant")
        .isFalse();
    assertThat(answers(profile("contoso.onmicrosoft.com", "https://127.0.0.1:8443"), true, asked, NOW))
        .as("another authority host").isFalse();
    Profile.Builder otherClient = PROFILE.toBuilder();
    otherClient.clientId = "00000000-1234-1234-1234-123456789abc";
    assertThat(answers(otherClient.build(), true, asked, NOW)).isFalse();
    Profile.Builder otherCloud = PROFILE.toBuilder();
    otherCloud.cloud = Cloud.AzureChina;
    assertThat(answers(otherCloud.build(), true, asked, NOW)).isFalse();
  }

  @Test
  void answersTheQueryOfTheSameOriginWhileValid() {
    SessionTier.Entry parsed = SessionTier.Entry.parse(TOKEN.format()).orElseThrow();
    assertThat(parsed.answers(ORIGIN, NOW.plusSeconds(3599))).isTrue();
    assertThat(parsed.answers(ORIGIN, NOW.plusSeconds(3600))).as("expired at validUntil").isFalse();
    assertThat(parsed.answers(ORIGIN.replace("/412/", "/413/"), NOW)).as("profiles.json changed").isFalse();
    assertThat(parsed.answers(ORIGIN.replace("scope=*", "scope=https://graph.microsoft.com/Mail.Read"), NOW))
        .as("another query").isFalse();
    SessionTier.Entry noOrigin = SessionTier.Entry.parse(SessionTier.Entry.of(TokenKey.of(PROFILE, true,
        List.of("openid")), null, NOW.plusSeconds(3600), "eyJ.c.d").format()).orElseThrow();
    assertThat(noOrigin.answers("", NOW)).as("kept without an origin (refresh): answers by its key only").isFalse();
    assertThat(SessionTier.Entry.of(TokenKey.of(PROFILE, true, List.of("openid")), "a\nb", NOW, "eyJ.e.f")
        .answers("a\nb", NOW.minusSeconds(1))).as("an origin that would break the format is not kept").isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "entratool-fast-token-v2\n", "not an entry",
      "entratool-fast-token-v1\nclient=c\nauthority=a\nuser=true\nscopes=s\nexpires=1\ntoken=t\n",
      "entratool-fast-token-v2\nclient=c\nauthority=a\nuser=maybe\nscopes=s\norigin=o\nexpires=1\ntoken=t\n",
      "entratool-fast-token-v2\nclient=c\nauthority=a\nuser=true\nscopes=s\norigin=o\nexpires=soon\ntoken=t\n",
      "entratool-fast-token-v2\nclient=c\nauthority=a\nuser=true\nscopes=s\norigin=o\nexpires=1\ntoken=\n",
      "entratool-fast-token-v2\nclient=c\nauthority=a\nuser=true\nscopes=s\nexpires=1\ntoken=t\n",
      "entratool-fast-token-v2\nclient=c\nauthority=a\nuser=true\nscopes=s\norigin=o\nexpires=1\n"})
  void ignoresAnythingItDidNotWrite(String text) {
    assertThat(SessionTier.Entry.parse(text)).isEmpty();
  }
}
