package dev.entratool.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Service Fabric's pinned certificate answers for its endpoint's host only. */
class TlsTest {
  private static final String THUMBPRINT = "0123456789abcdef0123456789abcdef01234567";

  @Test
  void thePinnedHostNameCheckRefusesEveryHostButTheEndpointsBeforeLookingAtTheCertificate() {
    // a null session: any look at the certificate would throw, so these are refused by the host name alone
    assertThat(Tls.pinnedHostnameVerifier(THUMBPRINT, "cluster.fabric.local").verify("login.microsoftonline.com",
        null)).isFalse();
    assertThat(Tls.pinnedHostnameVerifier(THUMBPRINT, "cluster.fabric.local").verify("cluster.fabric.local.evil",
        null)).isFalse();
    assertThat(Tls.pinnedHostnameVerifier(THUMBPRINT, null).verify("cluster.fabric.local", null))
        .as("IDENTITY_ENDPOINT names no host").isFalse();
  }
}
