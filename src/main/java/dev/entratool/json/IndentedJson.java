package dev.entratool.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The Jackson mapper for the JSON entratool writes for people to read (profiles.json, {@code --json} output), in
 * Jackson's default indented layout. One for all of them, created on first use: starting one costs a cold JVM about
 * 40 ms (its date formats load locale data), which reading a well-formed profiles.json and the fast path never need.
 */
public final class IndentedJson {
  private IndentedJson() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  public static ObjectMapper mapper() {
    return Holder.MAPPER;
  }
}
