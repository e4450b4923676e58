package dev.entratool.secret.dbus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Little-endian D-Bus marshalling of the few types {@link SecretServiceClient} sends. Offsets count from the start
 * of what is being written; a body starts 8-aligned in its message, so body alignment comes out right.
 */
final class DBusWriter {
  static final byte METHOD_CALL = 1;
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

  DBusWriter writeBoolean(boolean value) {
    return writeUint32(value ? 1 : 0);
  }

  /** An {@code a{ss}}, e.g. lookup attributes. */
  DBusWriter writeStringDict(Map<String, String> entries) {
    int lengthAt = beginArray(8);
    for (Map.Entry<String, String> e : entries.entrySet()) {
      align(8);
      writeString(e.getKey());
      writeString(e.getValue());
    }
    return endArray(lengthAt, 8);
  }

  /**
   * The {@code a{sv}} properties of a new Secret Service item: its label ({@code s}) and its lookup attributes
   * ({@code a{ss}}).
   */
  DBusWriter writeItemProperties(String label, Map<String, String> attributes) {
    int lengthAt = beginArray(8);
    align(8);
    writeString("org.freedesktop.Secret.Item.Label");
    writeStringVariant(label);
    align(8);
    writeString("org.freedesktop.Secret.Item.Attributes");
    writeSignature("a{ss}");
    writeStringDict(attributes);
    return endArray(lengthAt, 8);
  }

  /** A Secret Service secret, the struct {@code (oayays)}: session, parameters, value, content type. */
  DBusWriter writeSecret(String session, byte[] parameters, byte[] value, String contentType) {
    align(8);
    writeObjectPath(session);
    writeByteArray(parameters);
    writeByteArray(value);
    return writeString(contentType);
  }

  /** Zeroes what was written, for bodies that hold a secret (best effort: the caller's copies are its own). */
  void wipe() {
    Arrays.fill(bytes, (byte) 0);
    size = 0;
  }

  /** Writes an array length to patch later and pads to the first element; returns where the length is. */
  private int beginArray(int elementAlignment) {
    writeUint32(0);
    int lengthAt = size - 4;
    // The padding to the first element is not part of the array length, even for an empty array.
    align(elementAlignment);
    return lengthAt;
  }

  private DBusWriter endArray(int lengthAt, int elementAlignment) {
    int start = lengthAt + 4;
    start += (elementAlignment - start % elementAlignment) % elementAlignment;
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
    byte[] message = w.toByteArray();
    w.wipe();
    return message;
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
