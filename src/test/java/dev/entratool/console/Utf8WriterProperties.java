package dev.entratool.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the text and however it is cut into writes, the bytes are those an OutputStreamWriter would send. */
class Utf8WriterProperties {
  @Property(tries = 1000)
  void writesWhatAnOutputStreamWriterWrites(@ForAll("texts") String text, @ForAll("cuts") List<Integer> cuts)
      throws IOException {
    assertThat(written(true, text, cuts)).isEqualTo(written(false, text, cuts));
  }

  @Example
  void aCharacterOutsideTheBmpSurvivesBeingCutInTwo() throws IOException {
    String text = "token \uD83D\uDD11 ok"; // a key emoji: two chars
    int cut = text.indexOf('\uDD11');
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Utf8Writer writer = new Utf8Writer(bytes);
    writer.write(text, 0, cut);
    writer.write(text, cut, text.length() - cut);
    writer.flush();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(text);
  }

  /** The bytes {@code text} becomes, written in pieces {@code cuts} long; by Utf8Writer, or by the JDK's writer. */
  private static byte[] written(boolean ours, String text, List<Integer> cuts) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintWriter writer = new PrintWriter(ours ? new Utf8Writer(bytes)
        : new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
    int from = 0;
    for (int cut : cuts) {
      int to = Math.min(text.length(), from + cut);
      if (cut % 2 == 0) {
        writer.write(text, from, to - from);
      } else {
        writer.write(text.substring(from, to).toCharArray());
      }
      from = to;
    }
    writer.println(text.substring(from));
    writer.close();
    return bytes.toByteArray();
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> plain = Arbitraries.strings().all().ofMaxLength(30);
    Arbitrary<String> odd = Arbitraries.of("\uD83D\uDD11", "\uD83D", "\uDD11", "é", "✓", "a");
    return Arbitraries.oneOf(plain, odd).list().ofMaxSize(5).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 12).list().ofMaxSize(6);
  }
}
