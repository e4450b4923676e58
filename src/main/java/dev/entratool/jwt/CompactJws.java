package dev.entratool.jwt;

import dev.entratool.platform.StrictUtf8;
import java.nio.charset.CharacterCodingException;
import java.util.Base64;

/**
 * A compact JWS ({@code header.payload.signature}) split into its parts, each decoded to text on demand, in the
 * order {@link Jwt#decode} checks them; every way the input can be wrong is a {@link JwtFormatException}.
 */
final class CompactJws {
  private final String token;
  private final int firstDot;
  private final int secondDot;

  private CompactJws(String token, int firstDot, int secondDot) {
    this.token = token;
    this.firstDot = firstDot;
    this.secondDot = secondDot;
  }

  /** Tolerates surrounding whitespace, a byte-order mark and a {@code Bearer } prefix. */
  static CompactJws split(String input) {
    String token = normalize(input);
    if (token.isEmpty()) {
      throw new JwtFormatException("Empty input: there is no token to decode");
    }
    if (token.length() > Jwt.MAX_CHARS) {
      throw new JwtFormatException("Input is larger than 1 MiB: that is not a JWT");
    }
    int parts = 1;
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) == '.') {
        parts++;
      }
    }
    if (parts == 5) {
      throw new JwtFormatException("Encrypted token (JWE, 5 parts): its claims cannot be read without the key",
          "Only signed tokens (3 parts) can be inspected; an encrypted token is readable by its audience alone");
    }
    if (parts != 3) {
      throw new JwtFormatException("Not a JWT: expected 3 dot-separated parts (header.payload.signature), found "
          + parts);
    }
    int firstDot = token.indexOf('.');
    return new CompactJws(token, firstDot, token.indexOf('.', firstDot + 1));
  }

  /** The JOSE header's JSON text. */
  String headerText() {
    return decodePart(token.substring(0, firstDot), "header");
  }

  /** The claims' JSON text. */
  String payloadText() {
    return decodePart(token.substring(firstDot + 1, secondDot), "payload");
  }

  /** The signature is not verified, only checked to be base64url. */
  void checkSignature() {
    if (!isBase64Url(token, secondDot + 1, token.length())) {
      throw new JwtFormatException("Not a JWT: the signature part is not valid base64url");
    }
  }

  static String normalize(String input) {
    if (input == null) {
      return "";
    }
    String s = input.strip();
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1).strip();
    }
    if (s.regionMatches(true, 0, "Bearer", 0, 6) && (s.length() == 6 || Character.isWhitespace(s.charAt(6)))) {
      s = s.substring(6).strip();
    }
    return s;
  }

  private static String decodePart(String part, String name) {
    if (part.isEmpty()) {
      throw new JwtFormatException("Not a JWT: the " + name + " part is empty");
    }
    if (!isBase64Url(part, 0, part.length())) {
      throw new JwtFormatException("Not a JWT: the " + name + " is not valid base64url");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new JwtFormatException("Not a JWT: the " + name + " is not valid base64url");
    }
    try {
      return StrictUtf8.decode(bytes);
    } catch (CharacterCodingException e) {
      throw new JwtFormatException("Not a JWT: the " + name + " is not valid UTF-8");
    }
  }

  // The base64url alphabet, with at most two '=' of padding at the end (JWTs omit it; some tools add it).
  private static boolean isBase64Url(String s, int from, int to) {
    int end = to;
    while (end > from && to - end < 2 && s.charAt(end - 1) == '=') {
      end--;
    }
    for (int i = from; i < end; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
