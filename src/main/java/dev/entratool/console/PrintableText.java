package dev.entratool.console;

/**
 * Text from outside (a server's error description, a device code's URL, an exception's message) made safe for a
 * terminal: control characters, which can start escape sequences that move the cursor, recolour or retitle the
 * terminal, are dropped (line breaks and tabs become spaces), as are invisible format characters such as bidi
 * overrides, which make text read other than it is.
 */
public final class PrintableText {
  private PrintableText() {}

  /** One line of printable text. */
  public static String of(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      int next = i + Character.charCount(c);
      String replacement = replacement(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        if (replacement == null) {
          out.appendCodePoint(c);
        } else {
          out.append(replacement);
        }
      }
      i = next;
    }
    return out == null ? text : out.toString();
  }

  /** Null to keep the character, else what stands for it. */
  private static String replacement(int c) {
    if (c == '\n' || c == '\r' || c == '\t') {
      return " ";
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE -> "";
      case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> " ";
      default -> null;
    };
  }
}
