package dev.entratool.testing;

import static dev.entratool.testing.TestJwts.b64;

import java.util.Map;

/** Inputs that are not a readable JWT, each with the one-line error it must give (exit 8). */
public final class BadTokens {
  /** One character more than the decoder accepts (1 MiB). */
  public static final int TOO_LARGE = 1024 * 1024 + 1;

  private BadTokens() {}

  // One row per way the issue lists that an input can be wrong: the message names what is wrong.
  public static final Map<String, String> INPUTS = Map.ofEntries(
      Map.entry("", "Empty input: there is no token to decode"),
      Map.entry(" \n\t ", "Empty input: there is no token to decode"),
      Map.entry("Bearer ", "Empty input: there is no token to decode"),
      Map.entry("not-a-token", "Not a JWT: expected 3 dot-separated parts (header.payload.signature), found 1"),
      Map.entry("a.b", "Not a JWT: expected 3 dot-separated parts (header.payload.signature), found 2"),
      Map.entry("a.b.c.d", "Not a JWT: expected 3 dot-separated parts (header.payload.signature), found 4"),
      Map.entry("a.b.c.d.e", "Encrypted token (JWE, 5 parts): its claims cannot be read without the key"),
      Map.entry(".e30.", "Not a JWT: the header part is empty"),
      Map.entry("e30..", "Not a JWT: the payload part is empty"),
      Map.entry("e30.e3+0.", "Not a JWT: the payload is not valid base64url"),
      Map.entry("e30.e3 0.", "Not a JWT: the payload is not valid base64url"),
      Map.entry("e30.e.", "Not a JWT: the payload is not valid base64url"),
      Map.entry("e3$.e30.", "Not a JWT: the header is not valid base64url"),
      Map.entry("e30.e30.a+b/", "Not a JWT: the signature part is not valid base64url"),
      Map.entry("e30." + b64(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}) + ".",
          "Not a JWT: the payload is not valid UTF-8"),
      Map.entry("e30." + b64("hello") + ".", "Not a JWT: the payload is not valid JSON"),
      Map.entry("e30." + b64("{\"a\":1} trailing") + ".", "Not a JWT: the payload is not valid JSON"),
      Map.entry("e30." + b64("{\"a\":") + ".", "Not a JWT: the payload is not valid JSON"),
      Map.entry("e30." + b64("   ") + ".", "Not a JWT: the payload is not valid JSON"),
      Map.entry("e30." + b64("[1,2]") + ".", "Not a JWT: the payload is JSON but not an object"),
      Map.entry("e30." + b64("\"str\"") + ".", "Not a JWT: the payload is JSON but not an object"),
      Map.entry("e30." + b64("null") + ".", "Not a JWT: the payload is JSON but not an object"),
      Map.entry(b64("[]") + ".e30.", "Not a JWT: the header is JSON but not an object"),
      Map.entry("e30." + b64("[".repeat(5000)) + ".", "Not a JWT: the payload is not valid JSON"),
      Map.entry("x".repeat(TOO_LARGE), "Input is larger than 1 MiB: that is not a JWT"));
}
