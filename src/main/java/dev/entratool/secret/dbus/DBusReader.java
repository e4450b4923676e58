package dev.entratool.secret.dbus;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes D-Bus values by signature into plain Java objects: y → Integer, b → Boolean, n/q/i/u/h → Integer,
 * x/t → Long, d → Double, s/o/g → String, v → its value, ay → byte[], a{..} → Map, other arrays → List, (..) → List.
 * The buffer's position 0 is the start of the message, which is what D-Bus alignment counts from.
 */
final class DBusReader {
  /** The largest array we accept; Secret Service replies are tiny, and this stops a corrupt length early. */
  private static final int MAX_ARRAY = 1 << 24;
  private static final int MAX_DEPTH = 32;

  private final ByteBuffer buffer;

  DBusReader(ByteBuffer buffer) {
    this.buffer = buffer;
  }

  static DBusReader of(byte[] message, ByteOrder order) {
    return new DBusReader(ByteBuffer.wrap(message).order(order));
  }

  DBusReader at(int position) throws IOException {
    if (position > buffer.limit()) {
      throw new IOException("D-Bus message is truncated");
    }
    buffer.position(position);
    return this;
  }

  int position() {
    return buffer.position();
  }

  /** Reads every complete type of {@code signature} in turn, e.g. a message body. */
  List<Object> readAll(String signature) throws IOException {
    List<Object> values = new ArrayList<>();
    int i = 0;
    while (i < signature.length()) {
      int end = endOfType(signature, i);
      values.add(read(signature.substring(i, end)));
      i = end;
    }
    return values;
  }

  /** Reads one value of the single complete type {@code type}. */
  Object read(String type) throws IOException {
    try {
      return read(type, 0);
    } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new IOException("D-Bus message is truncated or malformed");
    }
  }

  private Object read(String type, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("D-Bus value nests too deeply");
    }
    char code = type.charAt(0);
    align(alignment(code));
    switch (code) {
      case 'y':
        return buffer.get() & 0xff;
      case 'b':
        int flag = buffer.getInt();
        if (flag != 0 && flag != 1) {
          throw new IOException("D-Bus boolean is neither 0 nor 1");
        }
        return flag == 1;
      case 'n':
        return (int) buffer.getShort();
      case 'q':
        return buffer.getShort() & 0xffff;
      case 'i':
      case 'u':
      case 'h':
        return buffer.getInt();
      case 'x':
      case 't':
        return buffer.getLong();
      case 'd':
        return buffer.getDouble();
      case 's':
      case 'o':
        return text(buffer.getInt());
      case 'g':
        return text(buffer.get() & 0xff);
      case 'v':
        String inner = text(buffer.get() & 0xff);
        if (inner.isEmpty() || endOfType(inner, 0) != inner.length()) {
          throw new IOException("D-Bus variant signature is not one complete type");
        }
        return read(inner, depth + 1);
      case 'a':
        return array(type.substring(1), depth);
      case '(':
        List<Object> fields = new ArrayList<>();
        int i = 1;
        while (type.charAt(i) != ')') {
          int end = endOfType(type, i);
          fields.add(read(type.substring(i, end), depth + 1));
          i = end;
        }
        return fields;
      default:
        throw new IOException("D-Bus type '" + code + "' is not supported");
    }
  }

  private Object array(String element, int depth) throws IOException {
    int length = buffer.getInt();
    if (length < 0 || length > MAX_ARRAY) {
      throw new IOException("D-Bus array length is out of range");
    }
    // The padding before the first element is not counted in the length.
    align(alignment(element.charAt(0)));
    int end = buffer.position() + length;
    if (end > buffer.limit()) {
      throw new IOException("D-Bus array runs past the message");
    }
    if (element.equals("y")) {
      byte[] bytes = new byte[length];
      buffer.get(bytes);
      return bytes;
    }
    if (element.charAt(0) == '{') {
      String keyType = element.substring(1, endOfType(element, 1));
      String valueType = element.substring(1 + keyType.length(), element.length() - 1);
      Map<Object, Object> map = new LinkedHashMap<>();
      while (buffer.position() < end) {
        align(8);
        Object key = read(keyType, depth + 1);
        map.put(key, read(valueType, depth + 1));
      }
      return map;
    }
    List<Object> items = new ArrayList<>();
    while (buffer.position() < end) {
      items.add(read(element, depth + 1));
    }
    return items;
  }

  private String text(int length) throws IOException {
    if (length < 0 || length > buffer.remaining() - 1) {
      throw new IOException("D-Bus string runs past the message");
    }
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    if (buffer.get() != 0) {
      throw new IOException("D-Bus string is not NUL-terminated");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private void align(int boundary) throws IOException {
    int padding = (boundary - buffer.position() % boundary) % boundary;
    if (padding > buffer.remaining()) {
      throw new IOException("D-Bus message is truncated");
    }
    buffer.position(buffer.position() + padding);
  }

  static int alignment(char code) {
    switch (code) {
      case 'n':
      case 'q':
        return 2;
      case 'b':
      case 'i':
      case 'u':
      case 'h':
      case 's':
      case 'o':
      case 'a':
        return 4;
      case 'x':
      case 't':
      case 'd':
      case '(':
      case '{':
        return 8;
      default:
        return 1;
    }
  }

  /** The index just past the single complete type that starts at {@code start}. */
  static int endOfType(String signature, int start) throws IOException {
    int i = start;
    while (i < signature.length() && signature.charAt(i) == 'a') {
      i++;
    }
    if (i >= signature.length()) {
      throw new IOException("D-Bus signature ends inside a type");
    }
    char c = signature.charAt(i);
    if (c != '(' && c != '{') {
      return i + 1;
    }
    char close = c == '(' ? ')' : '}';
    int depth = 0;
    for (; i < signature.length(); i++) {
      char d = signature.charAt(i);
      if (d == '(' || d == '{') {
        depth++;
      } else if (d == ')' || d == '}') {
        depth--;
        if (depth == 0) {
          if (d != close) {
            throw new IOException("D-Bus signature has unbalanced brackets");
          }
          return i + 1;
        }
      }
    }
    throw new IOException("D-Bus signature has unbalanced brackets");
  }
}
