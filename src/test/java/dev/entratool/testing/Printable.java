package dev.entratool.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** What a terminal may be shown: no control character but line breaks and tabs, no invisible format character. */
public final class Printable {
  private Printable() {}

  public static void assertPrintable(String text) {
    text.codePoints().forEach(c -> assertThat(c == '\n' || c == '\t' || (Character.getType(c) != Character.CONTROL
        && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.SURROGATE))
        .as("U+%04X at %d in:%n%s", c, text.indexOf(c), text).isTrue());
  }
}
