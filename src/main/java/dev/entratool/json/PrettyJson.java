package dev.entratool.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes what {@link StrictJson} reads (and ints and longs), for every JSON file and output entratool writes, in one
 * layout: two-space indent, {@code "key": value}, one array element a line, empty containers as {} and [].
 * Characters are escaped as Jackson escapes them, which wrote these files and outputs before (the short forms for \b
 * \t \n \f \r, {@code \\u00XX} for other control characters, nothing else), so their strings read the same.
 */
public final class PrettyJson {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PrettyJson() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    value(out, value, 0);
    return out.toString();
  }

  private static void value(StringBuilder out, Object value, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean || value instanceof BigInteger || value instanceof BigDecimal
        || value instanceof Long || value instanceof Integer) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      object(out, map, depth);
    } else if (value instanceof List<?> list) {
      array(out, list, depth);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void object(StringBuilder out, Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.append(first ? "\n" : ",\n");
      first = false;
      indent(out, depth + 1);
      string(out, (String) e.getKey());
      out.append(": ");
      value(out, e.getValue(), depth + 1);
    }
    out.append('\n');
    indent(out, depth);
    out.append('}');
  }

  private static void array(StringBuilder out, List<?> list, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append('[');
    boolean first = true;
    for (Object item : list) {
      out.append(first ? "\n" : ",\n");
      first = false;
      indent(out, depth + 1);
      value(out, item, depth + 1);
    }
    out.append('\n');
    indent(out, depth);
    out.append(']');
  }

  private static void indent(StringBuilder out, int depth) {
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
