package dev.entratool.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.testing.EntraFixture;
import java.net.Socket;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TLS trust: the bundle's CAs with the host name checked, and Service Fabric's pinned certificate. */
class TlsTest {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
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

  /** A handshake with the emulator as {@code host}, checking the host name as HTTPS does. */
  private static void handshake(SSLSocketFactory sockets, String host) throws Exception {
    try (SSLSocket socket = (SSLSocket) sockets.createSocket(new Socket("127.0.0.1", fx.entra.port()), host,
        fx.entra.port(), true)) {
      SSLParameters params = socket.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(params);
      socket.startHandshake();
    }
  }

  @Test
  void theBundleVouchesForTheChainAndTheHostNameIsStillChecked() throws Exception {
    SSLSocketFactory sockets = Tls.socketFactory(Optional.of(fx.caBundle()));
    handshake(sockets, "localhost");
    assertThatThrownBy(() -> handshake(sockets, "login.example.com")).as("a name the certificate does not carry")
        .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("login.example.com");
    assertThatThrownBy(() -> handshake(Tls.socketFactory(Optional.empty()), "localhost"))
        .as("no bundle: the system's CAs do not vouch for the emulator").isInstanceOf(SSLHandshakeException.class);
  }
}
