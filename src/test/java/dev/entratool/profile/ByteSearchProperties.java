package dev.entratool.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The skipping search finds exactly what String.indexOf finds, from any start. */
class ByteSearchProperties {
  @Property(tries = 3000)
  void findsWhatIndexOfFinds(
      @ForAll @CharRange(from = 'a', to = 'd') @StringLength(max = 200) String text,
      @ForAll @CharRange(from = 'a', to = 'd') @StringLength(min = 1, max = 6) String pattern,
      @ForAll @IntRange(min = -2, max = 210) int from) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(new ByteSearch(pattern).in(bytes, from)).isEqualTo(text.indexOf(pattern, from));
  }

  @Example
  void findsAProfileLineAndItsEnd() {
    byte[] file = "{\n  \"profiles\" : [ {\n    \"name\" : \"a\",\n    \"x\" : 1\n  }, {\n    \"name\" : \"ab\",\n  } ]"
        .getBytes(StandardCharsets.US_ASCII);
    ByteSearch ab = new ByteSearch("{\n    \"name\" : \"ab\",");
    int at = ab.in(file, 0);
    assertThat(at).isEqualTo(new String(file, StandardCharsets.US_ASCII).indexOf("{\n    \"name\" : \"ab\","));
    assertThat(ab.in(file, at + 1)).isEqualTo(-1);
    assertThat(new ByteSearch("\n  }").in(file, at)).isGreaterThan(at);
  }
}
