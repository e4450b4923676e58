package dev.entratool.platform;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 decoding that refuses malformed bytes instead of replacing them with U+FFFD. */
public final class StrictUtf8 {
  private StrictUtf8() {}

  public static String decode(byte[] bytes) throws CharacterCodingException {
    // The String constructor decodes many times faster than a decoder in a cold JVM. It marks malformed
    // input with U+FFFD, so only a text holding that character (malformed, or a real U+FFFD) needs the decoder's
    // verdict.
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.indexOf('\uFFFD') < 0 ? text : reportingDecoder(bytes);
  }

  private static String reportingDecoder(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
