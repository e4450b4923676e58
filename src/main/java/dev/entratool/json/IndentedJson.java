package dev.entratool.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;

/**
 * Jackson for the JSON files and output entratool writes for people to read (profiles.json, the encrypted secret
 * file, {@code --json} output), in Jackson's default indented layout, and for reading the secret file back
 * (profiles.json is read by {@link StrictJson}). New nodes come from {@code JsonNodeFactory.instance}. One mapper for
 * all of them, created on first use and never handed out: starting one is slow in a cold JVM (its date formats load
 * locale data), and commands that only read profiles never need it.
 */
public final class IndentedJson {
  private IndentedJson() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ObjectWriter INDENTED = MAPPER.writerWithDefaultPrettyPrinter();
  }

  public static String write(Object value) throws JsonProcessingException {
    return Holder.INDENTED.writeValueAsString(value);
  }

  public static byte[] writeBytes(Object value) throws JsonProcessingException {
    return Holder.INDENTED.writeValueAsBytes(value);
  }

  /** The JSON tree of {@code bytes}: a MissingNode for none. */
  public static JsonNode read(byte[] bytes) throws IOException {
    return Holder.MAPPER.readTree(bytes);
  }
}
