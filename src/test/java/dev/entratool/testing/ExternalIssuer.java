package dev.entratool.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An OIDC issuer outside Entra (a Kubernetes cluster, GitHub Actions, Azure DevOps) whose tokens an app's federated
 * credential trusts: it mints RS256 JWTs and checks their signature, as Entra does with the issuer's published keys.
 */
public final class ExternalIssuer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final KeyPair keys;
  private final String kid = "ext-" + UUID.randomUUID().toString().substring(0, 8);

  ExternalIssuer(String url) {
    this.url = url;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      keys = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An issuer of its own, not known to any emulator (for tokens that only need to look real). */
  public static ExternalIssuer standalone(String url) {
    return new ExternalIssuer(url);
  }

  /** The issuer URL, the {@code iss} of its tokens. */
  public String url() {
    return url;
  }

  /** A token for {@code subject} and {@code audience}, valid for {@code lifetime} from now (negative: expired). */
  public String mint(String subject, String audience, Duration lifetime) {
    Instant now = Instant.now();
    Instant exp = now.plus(lifetime);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", url);
    claims.put("sub", subject);
    claims.put("aud", audience);
    claims.put("iat", Math.min(now.getEpochSecond(), exp.getEpochSecond() - 60));
    claims.put("nbf", Math.min(now.getEpochSecond(), exp.getEpochSecond() - 60));
    claims.put("exp", exp.getEpochSecond());
    claims.put("jti", UUID.randomUUID().toString());
    try {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("alg", "RS256");
      header.put("typ", "JWT");
      header.put("kid", kid);
      String input = FakeEntra.b64url(JSON.writeValueAsBytes(header)) + "."
          + FakeEntra.b64url(JSON.writeValueAsBytes(claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(keys.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + FakeEntra.b64url(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token of the same claims whose signature is not this issuer's (a forgery). */
  public String forge(String subject, String audience, Duration lifetime) {
    String token = mint(subject, audience, lifetime);
    String other = new ExternalIssuer(url).mint(subject, audience, lifetime);
    return token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
  }

  /** True when {@code jwt}'s RS256 signature is this issuer's. */
  boolean signed(String jwt) {
    String[] parts = jwt.split("\\.");
    try {
      Signature v = Signature.getInstance("SHA256withRSA");
      v.initVerify(keys.getPublic());
      v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return v.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (Exception e) {
      return false;
    }
  }

  static JsonNode claims(String jwt) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }
}
