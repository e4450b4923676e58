package dev.entratool.profile;

import java.util.Locale;

/** Lenient parsing of enum names typed by people: case-insensitive, '-', '_' and spaces ignored. */
final class Names {
  private Names() {}

  /** Without '-', '_' and whitespace, lower-cased. A loop, not a regex: profiles.json parses three names a profile. */
  static String squash(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '-' && c != '_' && !Character.isWhitespace(c)) {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
    if (text != null) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(text)) {
          return e; // as profiles.json spells it: no need to squash every name
        }
      }
      String wanted = squash(text);
      for (E e : type.getEnumConstants()) {
        if (squash(e.name()).equals(wanted)) {
          return e;
        }
      }
    }
    throw new IllegalArgumentException(
        "Unknown " + what + " '" + text + "' (expected one of: " + list(type) + ")");
  }

  static <E extends Enum<E>> String list(Class<E> type) {
    StringBuilder sb = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(e.name());
    }
    return sb.toString();
  }
}
