package dev.entratool.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTextTest {
  @Test
  void controlAndFormatCharactersGoLineBreaksBecomeSpaces() {
    assertThat(PrintableText.of("a\u001b[31mb\u0007c\u009bd\u007fe\u202ef\u2066g\u200bh")).isEqualTo("a[31mbcdefgh");
    assertThat(PrintableText.of("one\r\ntwo\tthree\u2028four")).isEqualTo("one  two three four");
    assertThat(PrintableText.of("lone \ud800 surrogate")).isEqualTo("lone  surrogate");
  }

  @Test
  void printableTextIsLeftAsItIs() {
    String text = "Ünïcödé 中文 emoji \ud83d\ude00 AADSTS7000215: Invalid client secret provided.";
    assertThat(PrintableText.of(text)).isSameAs(text);
    assertThat(PrintableText.of(null)).isNull();
  }
}
