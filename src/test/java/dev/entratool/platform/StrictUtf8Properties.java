package dev.entratool.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The quick decoding gives exactly the JDK's reporting decoder's verdict: the same text, or a refusal. */
class StrictUtf8Properties {
  @Property(tries = 2000)
  void agreesWithTheReportingDecoder(@ForAll("utf8ish") byte[] bytes) {
    String expected;
    try {
      expected = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      assertThatThrownBy(() -> StrictUtf8.decode(bytes)).isInstanceOf(CharacterCodingException.class);
      return;
    }
    try {
      assertThat(StrictUtf8.decode(bytes)).isEqualTo(expected);
    } catch (CharacterCodingException e) {
      throw new AssertionError("refused valid UTF-8", e);
    }
  }

  /** Mostly valid text, with stray bytes, truncated sequences, encoded surrogates and real U+FFFD mixed in. */
  @Provide
  Arbitrary<byte[]> utf8ish() {
    Arbitrary<byte[]> valid = Arbitraries.strings().all().ofMaxLength(20)
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> odd = Arbitraries.of(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0x80},
        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
        new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82});
    return Arbitraries.oneOf(valid, odd).list().ofMaxSize(6).map(parts -> {
      ByteBuffer out = ByteBuffer.allocate(parts.stream().mapToInt(p -> p.length).sum());
      parts.forEach(out::put);
      return out.array();
    });
  }

  @Example
  void aRealReplacementCharacterIsKeptAndAStrayByteRefused() throws CharacterCodingException {
    assertThat(StrictUtf8.decode("a\uFFFDb".getBytes(StandardCharsets.UTF_8))).isEqualTo("a\uFFFDb");
    assertThatThrownBy(() -> StrictUtf8.decode(new byte[] {'a', (byte) 0xFF})).isInstanceOf(
        CharacterCodingException.class);
  }
}
