package dev.entratool.jwt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;

/** The JSON that {@code inspect} and {@code discover} print. */
public final class TokenJson {
  // Two-space indent, "key": value, one array element a line, empty arrays as [] (as the user guide shows).
  private static final ObjectWriter PRETTY = new ObjectMapper().writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private TokenJson() {}

  public static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code inspect --header}: {@code {"header", "claims"}}. */
  public static ObjectNode headerAndClaims(Jwt jwt) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.set("header", jwt.header());
    node.set("claims", jwt.claims());
    return node;
  }

  /** {@code inspect --full}: header, claims and the expiry seen at {@code validity.now()}. */
  public static ObjectNode full(Jwt jwt, TokenValidity validity) {
    ObjectNode node = headerAndClaims(jwt);
    putExpiry(node, validity);
    return node;
  }

  /** {@code discover --json}. */
  public static ObjectNode discovery(Jwt jwt, TokenValidity validity, Duration headroom) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("valid", validity.validFor(headroom));
    putExpiry(node, validity);
    node.put("notBefore", validity.notBefore() == null ? null : TokenValidity.iso(validity.notBefore()));
    JsonNode audience = jwt.audience();
    node.set("audience", audience == null ? node.nullNode() : audience.deepCopy());
    node.put("tenantId", jwt.tenantId());
    node.put("appId", jwt.appId());
    return node;
  }

  // expiresIn in whole seconds, negative once expired; all three null without an exp claim.
  private static void putExpiry(ObjectNode node, TokenValidity validity) {
    if (validity.hasExpiry()) {
      node.put("expiresOn", TokenValidity.iso(validity.expiresOn()));
      node.put("expiresIn", validity.expiresIn().getSeconds());
      node.put("expired", validity.expired());
    } else {
      node.putNull("expiresOn");
      node.putNull("expiresIn");
      node.putNull("expired");
    }
  }
}
