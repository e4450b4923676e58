package dev.entratool.profile;

import java.util.Locale;

/** Lenient parsing of enum names typed by people: case-insensitive, '-', '_' and spaces ignored. */
final class Names {
  private Names() {}

  static String squash(String s) {
    return s.replaceAll("[-_\\s]", "").toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
    if (text != null) {
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
