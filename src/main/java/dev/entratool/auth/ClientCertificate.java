package dev.entratool.auth;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCredential;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.profile.TransientProfiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate credential read from a .pfx/.p12 (with or without password) or a .pem (certificate(s) plus an
 * unencrypted PKCS#8 private key). Each way it can be unusable gets its own message.
 */
public record ClientCertificate(PrivateKey key, List<X509Certificate> chain, Path file) {
  private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

  @Override
  public String toString() {
    return "ClientCertificate[" + file + ", " + chain.get(0).getSubjectX500Principal() + "]"; // never the key
  }

  /** Loads and checks the certificate file; {@code password} is null for passwordless files. */
  public static ClientCertificate load(Path file, String password, String profile, Instant now) {
    if (!Files.isRegularFile(file)) {
      throw new EntraToolException(ExitCode.PROFILE, "Certificate file " + file + " does not exist",
          "Put the certificate back, or point " + pointAtIt(profile));
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ClientCertificate cert = name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".key")
        ? fromPem(file, profile) : fromPkcs12(file, password, profile);
    X509Certificate leaf = cert.chain().get(0);
    if (leaf.getNotAfter().toInstant().isBefore(now)) {
      throw new EntraToolException(ExitCode.PROFILE, "Certificate " + leaf.getSubjectX500Principal().getName()
          + " in " + file + " expired on " + leaf.getNotAfter().toInstant(),
          "Create a new certificate, upload its public part (.cer) to the app registration, and point "
              + pointAtIt(profile));
    }
    if (leaf.getNotBefore().toInstant().isAfter(now)) {
      throw new EntraToolException(ExitCode.PROFILE, "Certificate in " + file + " is not valid before "
          + leaf.getNotBefore().toInstant(), "Check the system clock, or use a certificate that is valid now");
    }
    if (!(cert.key() instanceof RSAPrivateKey)) {
      throw new EntraToolException(ExitCode.PROFILE, "Certificate in " + file + " has an " + cert.key().getAlgorithm()
          + " key, but MSAL4J signs client assertions with RSA keys only",
          "Create an RSA certificate (2048 bits or more) for the app registration");
    }
    return cert;
  }

  /** Where the certificate's path is set: the profile, or for {@code --from-env} its variable. */
  private static String pointAtIt(String profile) {
    return TransientProfiles.isUnsaved(profile) ? TransientProfiles.CERTIFICATE + " at it"
        : "the profile at it: entratool config edit -p " + profile + " --certificate-path FILE";
  }

  private static String setPassword(String profile) {
    return "Set the certificate password: entratool config edit -p " + profile + " (choose: Certificate password)";
  }

  /** For {@code --from-env}, whose password is a variable. */
  private static String setPassword() {
    return "Set " + TransientProfiles.CERTIFICATE_PASSWORD + " to the certificate file's password";
  }

  /** The MSAL credential: with the chain, so x5c can be sent when the profile asks for it. */
  public IClientCredential credential() {
    return ClientCredentialFactory.createFromCertificateChain(key, chain);
  }

  private static ClientCertificate fromPkcs12(Path file, String password, String profile) {
    char[] pass = password == null ? new char[0] : password.toCharArray();
    KeyStore ks;
    try (InputStream in = Files.newInputStream(file)) {
      ks = KeyStore.getInstance("PKCS12");
      ks.load(in, pass);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
        boolean unsaved = TransientProfiles.isUnsaved(profile);
        throw new EntraToolException(ExitCode.PROFILE, password == null
            ? "Certificate file " + file + " needs a password, but " + (unsaved
                ? TransientProfiles.CERTIFICATE_PASSWORD + " is not set" : "the profile has none")
            : "Wrong password for certificate file " + file, unsaved ? setPassword()
            : setPassword(profile) + (password == null ? " after switching the auth method to Certificate" : ""),
            null);
      }
      throw new EntraToolException(ExitCode.PROFILE, "Certificate file " + file + " is not a readable PKCS#12 "
          + "(.pfx/.p12) file: " + e.getMessage(), "Export the certificate with its private key as .pfx, or use a "
          + ".pem file with the certificate and a PKCS#8 private key", null);
    } catch (GeneralSecurityException e) {
      throw new EntraToolException(ExitCode.PROFILE, "Certificate file " + file + " cannot be read: "
          + e.getMessage(), null, null);
    }
    try {
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          PrivateKey key = (PrivateKey) ks.getKey(alias, pass);
          List<X509Certificate> chain = new ArrayList<>();
          Certificate[] certs = ks.getCertificateChain(alias);
          if (certs != null) {
            for (Certificate c : certs) {
              chain.add((X509Certificate) c);
            }
          }
          if (key != null && !chain.isEmpty()) {
            return new ClientCertificate(key, List.copyOf(chain), file);
          }
        }
      }
    } catch (UnrecoverableKeyException e) {
      throw new EntraToolException(ExitCode.PROFILE, "Wrong password for the private key in " + file,
          TransientProfiles.isUnsaved(profile) ? setPassword() : setPassword(profile), null);
    } catch (GeneralSecurityException e) {
      throw new EntraToolException(ExitCode.PROFILE, "Certificate file " + file + " cannot be read: "
          + e.getMessage(), null, null);
    }
    throw noKey(file);
  }

  private static ClientCertificate fromPem(Path file, String profile) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new EntraToolException(ExitCode.PROFILE, "Certificate file " + file + " does not exist", null);
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.PROFILE, "Cannot read certificate file " + file + ": "
          + e.getMessage(), null);
    }
    List<X509Certificate> chain = new ArrayList<>();
    PrivateKey key = null;
    Matcher m = PEM.matcher(text);
    try {
      while (m.find()) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        switch (m.group(1)) {
          case "CERTIFICATE" -> chain.add((X509Certificate) CertificateFactory.getInstance("X.509")
              .generateCertificate(new java.io.ByteArrayInputStream(der)));
          case "PRIVATE KEY" -> key = pkcs8(der);
          case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new EntraToolException(ExitCode.PROFILE,
              "The private key in " + file + " is in the old " + m.group(1).split(" ")[0] + " format",
              "Convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in OLD.pem -out key.pem (then combine it with "
                  + "the certificate)", null);
          case "ENCRYPTED PRIVATE KEY" -> throw new EntraToolException(ExitCode.PROFILE,
              "The private key in " + file + " is encrypted; entratool reads encrypted keys from .pfx files only",
              "Make a password-protected .pfx: openssl pkcs12 -export -in cert.pem -inkey key.pem -out cert.pfx",
              null);
          default -> { } // other blocks (parameters, CSRs) are ignored
        }
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new EntraToolException(ExitCode.PROFILE, "Certificate file " + file + " has a damaged PEM block: "
          + e.getMessage(), null, null);
    }
    if (chain.isEmpty()) {
      throw new EntraToolException(ExitCode.PROFILE, "Certificate file " + file + " holds no certificate",
          "A .pem credential needs the certificate and its PKCS#8 private key in one file");
    }
    if (key == null) {
      throw noKey(file);
    }
    return new ClientCertificate(key, List.copyOf(chain), file);
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String alg : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException ignored) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException("unsupported private key algorithm");
  }

  private static EntraToolException noKey(Path file) {
    return new EntraToolException(ExitCode.PROFILE, "Certificate file " + file + " has no private key",
        "A credential needs the private key: export the certificate with its key (.pfx), or add the PKCS#8 key to "
            + "the .pem file");
  }
}
