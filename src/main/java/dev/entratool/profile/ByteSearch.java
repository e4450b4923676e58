package dev.entratool.profile;

import java.nio.charset.StandardCharsets;

/**
 * Finds an ASCII pattern in bytes by Boyer-Moore-Horspool. A cached get-token looks up one profile among a thousand
 * in a cold JVM, where the interpreter runs every loop: skipping ahead by the pattern's length reads a fraction of
 * the 300 KB a plain scan (String.indexOf, before the JIT compiles it) reads byte by byte.
 */
final class ByteSearch {
  private final byte[] pattern;
  /** For each byte value: how far the window may move when that byte ends it. */
  private final int[] shift = new int[256];

  ByteSearch(String ascii) {
    if (ascii.isEmpty()) {
      throw new IllegalArgumentException("empty pattern");
    }
    pattern = ascii.getBytes(StandardCharsets.US_ASCII);
    int last = pattern.length - 1;
    for (int b = 0; b < 256; b++) {
      shift[b] = pattern.length;
    }
    for (int i = 0; i < last; i++) {
      shift[pattern[i] & 0xff] = last - i;
    }
  }

  int length() {
    return pattern.length;
  }

  /** The first index at or after {@code from} where the pattern starts, or -1. */
  int in(byte[] text, int from) {
    int last = pattern.length - 1;
    byte lastByte = pattern[last];
    int i = Math.max(from, 0);
    while (i + last < text.length) {
      byte end = text[i + last];
      if (end == lastByte) {
        int j = last - 1;
        while (j >= 0 && text[i + j] == pattern[j]) {
          j--;
        }
        if (j < 0) {
          return i;
        }
      }
      i += shift[end & 0xff];
    }
    return -1;
  }
}
