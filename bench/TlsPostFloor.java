import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The network floor of a cold JVM: what curl-floor does (one form POST over HTTPS, trusting one CA bundle), in the
 * least Java that does it: no libraries, no JSON, no secret store. Run with a CDS archive of its own, as entratool has.
 * Usage: java TlsPostFloor CA_BUNDLE URL FORM
 */
public class TlsPostFloor {
  public static void main(String[] args) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream pem = Files.newInputStream(Path.of(args[0]))) {
      int n = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        trusted.setCertificateEntry("ca" + n++, ca);
      }
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);

    // as the process default: a new HttpsURLConnection otherwise first builds the JDK's default context (key and
    // trust stores), which entratool avoids the same way
    HttpsURLConnection.setDefaultSSLSocketFactory(tls.getSocketFactory());
    HttpsURLConnection post = (HttpsURLConnection) new URL(args[1]).openConnection();
    post.setRequestMethod("POST");
    post.setDoOutput(true);
    post.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
    try (OutputStream body = post.getOutputStream()) {
      body.write(args[2].getBytes(StandardCharsets.UTF_8));
    }
    if (post.getResponseCode() != 200) {
      System.err.println("token request failed: HTTP " + post.getResponseCode());
      System.exit(1);
    }
    try (InputStream response = post.getInputStream()) {
      System.out.write(response.readAllBytes());
    }
    System.out.flush();
  }
}
