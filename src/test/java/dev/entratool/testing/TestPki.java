package dev.entratool.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time (nothing secret is committed): a CA, a TLS server certificate for 127.0.0.1 and
 * localhost, and client certificates for certificate credentials, written as PKCS#12 or PEM.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** A key with its certificate (and the chain above it, CA last). */
  public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate... chain) {}

  private final KeyPair caKeys;
  private final X509Certificate ca;
  private final Issued server;

  public TestPki() {
    try {
      caKeys = rsa();
      X500Name caName = new X500Name("CN=entratool test CA " + SERIAL.incrementAndGet());
      JcaX509v3CertificateBuilder b = builder(caName, caName, caKeys, Instant.now().minus(Duration.ofDays(1)),
          Instant.now().plus(Duration.ofDays(30)));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      ca = sign(b, caKeys.getPrivate(), "SHA256withRSA");
      server = issueServer();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate ca() {
    return ca;
  }

  public Issued server() {
    return server;
  }

  private Issued issueServer() throws GeneralSecurityException, IOException {
    KeyPair keys = rsa();
    JcaX509v3CertificateBuilder b = builder(new X500Name(ca.getSubjectX500Principal().getName()),
        new X500Name("CN=localhost"), keys, Instant.now().minus(Duration.ofDays(1)),
        Instant.now().plus(Duration.ofDays(30)));
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
    return new Issued(keys.getPrivate(), sign(b, caKeys.getPrivate(), "SHA256withRSA"), ca);
  }

  /** An RSA client certificate valid from {@code notBefore} to {@code notAfter}. */
  public Issued client(String cn, Instant notBefore, Instant notAfter) {
    try {
      KeyPair keys = rsa();
      JcaX509v3CertificateBuilder b = builder(new X500Name(ca.getSubjectX500Principal().getName()),
          new X500Name("CN=" + cn), keys, notBefore, notAfter);
      return new Issued(keys.getPrivate(), sign(b, caKeys.getPrivate(), "SHA256withRSA"), ca);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public Issued client(String cn) {
    return client(cn, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
  }

  /** An EC (P-256) client certificate, self-signed. */
  public Issued ecClient(String cn) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = g.generateKeyPair();
      JcaX509v3CertificateBuilder b = builder(new X500Name("CN=" + cn), new X500Name("CN=" + cn), keys,
          Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
      return new Issued(keys.getPrivate(), sign(b, keys.getPrivate(), "SHA256withECDSA"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes key and certificate as PKCS#12 (empty password = a passwordless file). */
  public static Path writePkcs12(Issued issued, Path file, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    X509Certificate[] chain = new X509Certificate[1 + issued.chain().length];
    chain[0] = issued.certificate();
    System.arraycopy(issued.chain(), 0, chain, 1, issued.chain().length);
    ks.setKeyEntry("client", issued.key(), password.toCharArray(), chain);
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password.toCharArray());
    }
    return file;
  }

  /** A PKCS#12 file holding only a certificate (no private key). */
  public static Path writePkcs12WithoutKey(Issued issued, Path file, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("cert", issued.certificate());
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password.toCharArray());
    }
    return file;
  }

  /** Certificate and unencrypted PKCS#8 private key in one PEM file. */
  public static Path writePem(Issued issued, Path file) throws Exception {
    Files.writeString(file, pem("CERTIFICATE", issued.certificate().getEncoded())
        + pem("PRIVATE KEY", issued.key().getEncoded()), StandardCharsets.US_ASCII);
    return file;
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  /** The CA as a PEM bundle file (for ENTRATOOL_CA_BUNDLE / --ca-bundle). */
  public Path writeCaBundle(Path file) throws Exception {
    Files.writeString(file, pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
    return file;
  }

  /** A PKCS#12 trust store with the CA (for -Djavax.net.ssl.trustStore in launcher tests). */
  public Path writeTrustStore(Path file, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("entratool-test-ca", ca);
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password.toCharArray());
    }
    return file;
  }

  /** Server-side TLS context presenting the server certificate. */
  public SSLContext serverContext() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", server.key(), new char[0], new X509Certificate[] {server.certificate(), ca});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Client-side TLS context trusting only this CA. */
  public SSLContext clientContext() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys,
      Instant notBefore, Instant notAfter) {
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key, String alg)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(key)));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
