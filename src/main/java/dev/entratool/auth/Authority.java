package dev.entratool.auth;

import dev.entratool.profile.Cloud;
import dev.entratool.profile.Profile;
import java.net.URI;

/** The authority URL of a profile: its cloud's sign-in host, or its own {@code authorityHost}, plus the tenant. */
public record Authority(URI host, String tenant) {
  public static Authority of(Profile profile) {
    return new Authority(profile.signInHost(), profile.tenantId());
  }

  /** {@code https://host[:port]/tenant/}, as MSAL wants it. */
  public String url() {
    return host.getScheme() + "://" + host.getAuthority() + "/" + tenant + "/";
  }

  public String hostName() {
    return host.getHost();
  }

  /** {@code host:port}, or just the host on 443. */
  public String hostAndPort() {
    return host.getPort() > 0 && host.getPort() != 443 ? host.getHost() + ":" + host.getPort() : host.getHost();
  }

  /** True for the national clouds' own hosts, where MSAL's instance discovery and validation apply. */
  public boolean isMicrosoftHost() {
    for (Cloud c : Cloud.values()) {
      if (c.authorityHost().getHost().equalsIgnoreCase(host.getHost()) && (host.getPort() < 0 || host.getPort() == 443)) {
        return true;
      }
    }
    return false;
  }
}
