package dev.entratool.secret;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Little-endian D-Bus marshalling of the few types {@link SecretServiceReader} sends. Offsets count from the start
 * of what is being written; a body starts 8-aligned in its message, so body alignment comes out right.
 */
final class DBusWriter {
  static final byte METHOD_CALL = 1;
  /** Header flag: the caller does not wait for a reply. */
  static final byte NO_REPLY_EXPECTED = 0x1;
  /** Header flag: the bus must not start the destination service if it is not running. */
  static final byte NO_AUTO_START = 0x2;

  private byte[] bytes = new byte[128];
  private int size;

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  DBusWriter align(int boundary) {
    while (size % boundary != 0) {
      put((byte) 0);
    }
    return this;
  }

  DBusWriter writeByte(int value) {
    put((byte) value);
    return this;
  }

  DBusWriter writeUint32(int value) {
    align(4);
    put((byte) value);
    put((byte) (value >>> 8));
    put((byte) (value >>> 16));
    put((byte) (value >>> 24));
    return this;
  }

  DBusWriter writeString(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeUint32(utf8.length);
    putAll(utf8);
    put((byte) 0);
    return this;
  }

  DBusWriter writeObjectPath(String path) {
    return writeString(path);
  }

  DBusWriter writeSignature(String signature) {
    byte[] ascii = signature.getBytes(StandardCharsets.US_ASCII);
    put((byte) ascii.length);
    putAll(ascii);
    put((byte) 0);
    return this;
  }

  /** A variant holding a string ({@code v} of {@code s}). */
  DBusWriter writeStringVariant(String value) {
    writeSignature("s");
    return writeString(value);
  }

  /** A variant holding a byte array ({@code v} of {@code ay}). */
  DBusWriter writeByteArrayVariant(byte[] value) {
    writeSignature("ay");
    return writeByteArray(value);
  }

  DBusWriter writeByteArray(byte[] value) {
    writeUint32(value.length);
    putAll(value);
    return this;
  }

  /** An {@code a{ss}}, e.g. lookup attributes. */
  DBusWriter writeStringDict(Map<String, String> entries) {
    writeUint32(0);
    int lengthAt = size - 4;
    // The padding to the first entry is not part of the array length, even for an empty array.
    align(8);
    int start = size;
    for (Map.Entry<String, String> e : entries.entrySet()) {
      align(8);
      writeString(e.getKey());
      writeString(e.getValue());
    }
    patchUint32(lengthAt, size - start);
    return this;
  }

  /** A whole method-call message: header (with its fields) and the already marshalled body. */
  static byte[] methodCall(int serial, int flags, String destination, String path, String iface, String member,
      String signature, byte[] body) {
    DBusWriter w = new DBusWriter();
    w.writeByte('l').writeByte(METHOD_CALL).writeByte(flags).writeByte(1);
    w.writeUint32(body.length).writeUint32(serial);
    w.writeUint32(0);
    int lengthAt = w.size - 4;
    w.align(8);
    int start = w.size;
    w.headerField(1, "o", path);
    if (iface != null) {
      w.headerField(2, "s", iface);
    }
    w.headerField(3, "s", member);
    w.headerField(6, "s", destination);
    if (!signature.isEmpty()) {
      w.headerField(8, "g", signature);
    }
    w.patchUint32(lengthAt, w.size - start);
    w.align(8);
    w.putAll(body);
    return w.toByteArray();
  }

  private void headerField(int code, String type, String value) {
    align(8);
    writeByte(code);
    writeSignature(type);
    if (type.equals("g")) {
      writeSignature(value);
    } else {
      writeString(value);
    }
  }

  private void patchUint32(int at, int value) {
    bytes[at] = (byte) value;
    bytes[at + 1] = (byte) (value >>> 8);
    bytes[at + 2] = (byte) (value >>> 16);
    bytes[at + 3] = (byte) (value >>> 24);
  }

  private void put(byte b) {
    if (size == bytes.length) {
      bytes = Arrays.copyOf(bytes, size * 2);
    }
    bytes[size++] = b;
  }

  private void putAll(byte[] b) {
    if (size + b.length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + b.length));
    }
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
  }
}
