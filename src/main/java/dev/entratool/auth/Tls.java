package dev.entratool.auth;

import dev.entratool.error.EntraToolException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for token calls: the JVM's trusted CAs (which honour {@code -Djavax.net.ssl.trustStore}) plus, for
 * corporate TLS inspection, the CAs of a PEM bundle. Host names are always checked: by the trust manager during the
 * handshake, or by the HTTPS connection after it ({@link JdkHttpClient}).
 */
public final class Tls {
  private Tls() {}

  /** The sockets of HTTPS calls that trust the JVM's CAs and, if given, the bundle's. */
  public static SSLSocketFactory socketFactory(Optional<Path> caBundle) {
    return build(caBundle.orElse(null)).getSocketFactory();
  }

  /**
   * HTTPS sockets that trust what {@link #socketFactory} trusts and also the certificate whose SHA-1 thumbprint (hex)
   * is given: for Service Fabric's managed identity endpoint, which presents the cluster's own certificate and names
   * it in IDENTITY_SERVER_THUMBPRINT. MSAL4J 1.23.1 calls that endpoint through an HTTP client of its own on the
   * JVM's default HTTPS sockets and never applies the thumbprint (its pinning branch cannot be reached).
   */
  public static SSLSocketFactory pinnedSocketFactory(Optional<Path> caBundle, String thumbprint) {
    return build(caBundle.orElse(null), new Pinned(thumbprint)).getSocketFactory();
  }

  /**
   * Accepts a host name that the certificate does not name only for {@code endpointHost} (Service Fabric's endpoint,
   * from IDENTITY_ENDPOINT) and the certificate with this thumbprint (the JDK asks a verifier only after its own host
   * name check failed; Service Fabric's certificate names the cluster). So that certificate answers for no other host.
   */
  public static HostnameVerifier pinnedHostnameVerifier(String thumbprint, String endpointHost) {
    Pinned pinned = new Pinned(thumbprint);
    return (host, session) -> {
      if (endpointHost == null || !endpointHost.equalsIgnoreCase(host)) {
        return false;
      }
      try {
        return pinned.matches(session.getPeerCertificates());
      } catch (SSLPeerUnverifiedException e) {
        return false;
      }
    };
  }

  /** Trusts a chain that holds the certificate with the given SHA-1 thumbprint. */
  private static final class Pinned implements X509TrustManager {
    private final String thumbprint;

    Pinned(String thumbprint) {
      this.thumbprint = thumbprint.strip().toLowerCase(Locale.ROOT);
    }

    boolean matches(java.security.cert.Certificate[] chain) {
      for (java.security.cert.Certificate c : chain) {
        try {
          String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
          if (hex.equals(thumbprint)) {
            return true;
          }
        } catch (GeneralSecurityException e) {
          // not this one
        }
      }
      return false;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (!matches(chain)) {
        throw new CertificateException("no certificate with the thumbprint in IDENTITY_SERVER_THUMBPRINT");
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static SSLContext build(Path caBundle, X509TrustManager... more) {
    try {
      // The bundle first: the system's CAs (about 140 certificates to parse) are loaded only for a chain the
      // bundle does not vouch for.
      List<Source> managers = new ArrayList<>();
      if (caBundle != null) {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (X509Certificate cert : readBundle(caBundle)) {
          ks.setCertificateEntry("bundle-" + i++, cert);
        }
        managers.add(new Loaded(trustManager(ks)));
      }
      managers.add(new SystemTrust());
      for (X509TrustManager m : more) {
        managers.add(new Loaded(m));
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new AnyOf(managers)}, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("TLS setup failed", e);
    }
  }

  private static List<X509Certificate> readBundle(Path bundle) {
    try (InputStream in = Files.newInputStream(bundle)) {
      Collection<? extends java.security.cert.Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      List<X509Certificate> out = new ArrayList<>();
      for (var c : certs) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw EntraToolException.usage("CA bundle " + bundle + " holds no certificate",
            "Give a PEM file with one or more '-----BEGIN CERTIFICATE-----' blocks");
      }
      return out;
    } catch (NoSuchFileException e) {
      throw EntraToolException.usage("CA bundle " + bundle + " does not exist",
          "Fix ENTRATOOL_CA_BUNDLE or --ca-bundle: it must name a PEM file of CA certificates");
    } catch (CertificateException e) {
      throw EntraToolException.usage("CA bundle " + bundle + " is not a PEM file of certificates: " + e.getMessage(),
          "Export your proxy's root CA as PEM (Base-64 encoded X.509)");
    } catch (IOException e) {
      throw EntraToolException.usage("Cannot read CA bundle " + bundle + ": " + e.getMessage(), null);
    }
  }

  private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager");
  }

  /** A trust manager {@link AnyOf} asks in its turn. */
  private interface Source {
    X509TrustManager manager() throws CertificateException;
  }

  private record Loaded(X509TrustManager manager) implements Source {}

  /** The JDK's default trust (its cacerts), loaded when its turn first comes. */
  private static final class SystemTrust implements Source {
    private X509TrustManager loaded;

    @Override
    public synchronized X509TrustManager manager() throws CertificateException {
      if (loaded == null) {
        try {
          loaded = trustManager(null);
        } catch (GeneralSecurityException e) {
          throw new CertificateException("the system trust store cannot be loaded: " + e.getMessage(), e);
        }
      }
      return loaded;
    }
  }

  /**
   * Trusts a chain when any of its managers does. An extended trust manager, so the JDK hands it the connection and
   * its managers check the algorithms, and the host name where the connection asks them to (JdkHttpClient's
   * connections check it themselves, after the handshake): the JDK wraps a plain one in a check of its own
   * that asks every manager for its accepted issuers on each handshake, which would load the system's CAs even when
   * the bundle vouches for the chain.
   */
  private static final class AnyOf extends X509ExtendedTrustManager {
    private final List<Source> managers;

    AnyOf(List<Source> managers) {
      this.managers = managers;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      anyTrusts(chain, authType, null, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      anyTrusts(chain, authType, socket, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      anyTrusts(chain, authType, null, engine);
    }

    /**
     * Returns when a manager trusts the chain. Else the reason to report is a manager's that could place the chain
     * but refused it (the host name, say), not the others' "no path to a CA of mine".
     */
    private void anyTrusts(X509Certificate[] chain, String authType, Socket socket, SSLEngine engine)
        throws CertificateException {
      CertificateException refused = null;
      CertificateException last = null;
      for (Source m : managers) {
        try {
          checkServer(m.manager(), chain, authType, socket, engine);
          return;
        } catch (CertificateException e) {
          last = e;
          if (refused == null && !(e.getCause() instanceof CertPathBuilderException)) {
            refused = e;
          }
        }
      }
      throw refused != null ? refused : last;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>();
      for (Source m : managers) {
        try {
          all.addAll(List.of(m.manager().getAcceptedIssuers()));
        } catch (CertificateException e) {
          // the system's store cannot be loaded: it vouches for none
        }
      }
      return all.toArray(new X509Certificate[0]);
    }
  }

  /**
   * A server check by {@code manager} for this connection (socket or engine) where it takes one, so that it checks
   * the host name and algorithms as the connection asks; else without ({@link Pinned}: one exact certificate).
   */
  private static void checkServer(X509TrustManager manager, X509Certificate[] chain, String authType, Socket socket,
      SSLEngine engine) throws CertificateException {
    if (manager instanceof X509ExtendedTrustManager extended && socket != null) {
      extended.checkServerTrusted(chain, authType, socket);
    } else if (manager instanceof X509ExtendedTrustManager extended && engine != null) {
      extended.checkServerTrusted(chain, authType, engine);
    } else {
      manager.checkServerTrusted(chain, authType);
    }
  }
}
