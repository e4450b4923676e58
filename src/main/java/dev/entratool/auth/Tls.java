package dev.entratool.auth;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for token calls: the JVM's trusted CAs (which honour {@code -Djavax.net.ssl.trustStore}) plus, for
 * corporate TLS inspection, the CAs of a PEM bundle. Host names are always checked. One per run: it can start
 * building the context ahead, on another thread ({@link #prepare}).
 */
public final class Tls {
  private final Executor background;
  private Optional<Path> preparedFor;
  private FutureTask<SSLContext> prepared;

  public Tls() {
    this(task -> {
      Thread thread = new Thread(task, "entratool-tls-setup");
      thread.setDaemon(true); // never holds up the exit of a command that ends early
      thread.start();
    });
  }

  /** @param background runs {@link #prepare}'s work (tests run it in place) */
  Tls(Executor background) {
    this.background = background;
  }

  /**
   * Starts building the context for this bundle on another thread. In a cold JVM that takes about 60 ms (the JDK's
   * TLS provider, the bundle's certificates), which need not wait for the command line to start: picocli takes
   * longer than that to read its annotations. A failure is not reported here: the token call builds the context
   * again and reports it. (Meanwhile the main thread may start the JDK's crypto providers too, for the secret store
   * or the token cache: the JDK makes that safe from several threads.)
   */
  public synchronized void prepare(Optional<Path> caBundle) {
    FutureTask<SSLContext> task = new FutureTask<>(() -> build(caBundle.orElse(null)));
    preparedFor = caBundle;
    prepared = task;
    background.execute(task);
  }

  public SSLSocketFactory socketFactory(Optional<Path> caBundle) {
    return sslContext(caBundle).getSocketFactory();
  }

  /** The context for this bundle: the prepared one if it was for this bundle (once), else one built now. */
  synchronized SSLContext sslContext(Optional<Path> caBundle) {
    FutureTask<SSLContext> task = prepared;
    prepared = null;
    if (task != null && preparedFor.equals(caBundle)) {
      task.run(); // builds it here if the other thread has not started it yet (a no-op once it has)
      try {
        return task.get();
      } catch (ExecutionException e) {
        // built again below, which reports what went wrong
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EntraToolException(ExitCode.INTERRUPTED, "Cancelled", null, e);
      }
    }
    return build(caBundle.orElse(null));
  }

  private static SSLContext build(Path caBundle) {
    try {
      // The bundle first: the system's CAs (about 140 certificates to parse, 50 ms in a cold JVM) are loaded only
      // for a chain the bundle does not vouch for.
      List<X509TrustManager> managers = new ArrayList<>();
      if (caBundle != null) {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (X509Certificate cert : readBundle(caBundle)) {
          ks.setCertificateEntry("bundle-" + i++, cert);
        }
        managers.add(trustManager(ks));
      }
      managers.add(new SystemTrust());
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

  /** The JDK's default trust (its cacerts), loaded on first use. */
  private static final class SystemTrust implements X509TrustManager {
    private X509TrustManager loaded;

    private synchronized X509TrustManager manager() throws CertificateException {
      if (loaded == null) {
        try {
          loaded = trustManager(null);
        } catch (GeneralSecurityException e) {
          throw new CertificateException("the system trust store cannot be loaded: " + e.getMessage(), e);
        }
      }
      return loaded;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      manager().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      manager().checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      try {
        return manager().getAcceptedIssuers();
      } catch (CertificateException e) {
        return new X509Certificate[0];
      }
    }
  }

  /** Trusts a chain when any of its managers does. */
  private static final class AnyOf implements X509TrustManager {
    private final List<X509TrustManager> managers;

    AnyOf(List<X509TrustManager> managers) {
      this.managers = managers;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      CertificateException last = null;
      for (X509TrustManager m : managers) {
        try {
          m.checkServerTrusted(chain, authType);
          return;
        } catch (CertificateException e) {
          last = e;
        }
      }
      throw last;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>();
      for (X509TrustManager m : managers) {
        all.addAll(List.of(m.getAcceptedIssuers()));
      }
      return all.toArray(new X509Certificate[0]);
    }
  }
}
