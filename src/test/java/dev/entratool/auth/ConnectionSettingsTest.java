package dev.entratool.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.Environment;
import dev.entratool.profile.Cloud;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {
  @Test
  void noProxyMatchesHostsAndDomainSuffixes() {
    ConnectionSettings c = ConnectionSettings.from(Environment.of(Map.of("HTTPS_PROXY", "proxy.corp:3128",
        "NO_PROXY", "localhost, .internal.corp,login.example.com")), null, null);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.proxyFor("login.microsoftonline.com")).contains(URI.create("http://proxy.corp:3128"));
    assertThat(c.proxyFor("sts.internal.corp")).isEmpty();
    assertThat(c.proxyFor("LOGIN.EXAMPLE.COM")).isEmpty();
    assertThat(c.proxyFor("notlogin.example.com.evil")).isPresent();
    assertThat(ConnectionSettings.from(Environment.of(Map.of()), Duration.ofSeconds(5), null).proxyFor("x"))
        .isEqualTo(Optional.empty());
  }

  @Test
  void aProxyIsNamedByHostAndPortNeverByItsCredentials() {
    ConnectionSettings c = ConnectionSettings.from(Environment.of(Map.of("https_proxy",
        " http://alice:hunter2@proxy.corp:3128 ")), null, null);
    assertThat(ConnectionSettings.describeProxy(c.proxyFor("login.microsoftonline.com").orElseThrow()))
        .isEqualTo("proxy.corp:3128");
    assertThat(ConnectionSettings.describeProxy(URI.create("http://proxy.corp"))).isEqualTo("proxy.corp:80");
  }

  @Test
  void onlyTheCloudsOwnHostsAreMicrosoftHosts() {
    for (Cloud cloud : Cloud.values()) {
      assertThat(new Authority(cloud.authorityHost(), "common").isMicrosoftHost()).isTrue();
    }
    assertThat(new Authority(URI.create("https://login.microsoftonline.com:8443"), "t").isMicrosoftHost()).isFalse();
    assertThat(new Authority(URI.create("https://127.0.0.1:9443"), "t").isMicrosoftHost()).isFalse();
    assertThat(new Authority(URI.create("https://127.0.0.1:9443"), "t").url()).isEqualTo("https://127.0.0.1:9443/t/");
  }

  @Test
  void theProfilesCloudPicksTheSignInHostUnlessAuthorityHostIsSet() {
    dev.entratool.profile.Profile.Builder b = dev.entratool.profile.Profile.builder();
    b.name = "p";
    b.tenantId = "contoso.onmicrosoft.us";
    b.clientId = "12345678-1234-1234-1234-123456789abc";
    b.cloud = Cloud.AzureUSGovernment;
    assertThat(Authority.of(b.build()).url()).isEqualTo("https://login.microsoftonline.us/contoso.onmicrosoft.us/");
    b.cloud = Cloud.AzureChina;
    assertThat(Authority.of(b.build()).url()).isEqualTo("https://login.chinacloudapi.cn/contoso.onmicrosoft.us/");
    b.cloud = null;
    assertThat(Authority.of(b.build()).url()).isEqualTo("https://login.microsoftonline.com/contoso.onmicrosoft.us/");
    b.authorityHost = "https://login.private.example:8443";
    assertThat(Authority.of(b.build()).url()).isEqualTo("https://login.private.example:8443/contoso.onmicrosoft.us/");
    assertThat(MsalApps.instanceDiscovery(Authority.of(b.build()))).contains("\"preferred_network\":\"login.private"
        + ".example\"").contains("\"preferred_cache\":\"login.private.example:8443\"");
  }
}
