package dev.entratool.secret.dbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** D-Bus marshalling and address parsing, without a bus. */
class DBusWireTest {
  @Test
  void emptyStringDictIsALengthOfZeroPaddedToTheEntryAlignment() {
    byte[] bytes = new DBusWriter().writeByte(7).writeStringDict(Map.of()).toByteArray();
    // byte, 3 bytes padding to the length, length 0, then padding to 8 that the length does not count
    assertThat(bytes).containsExactly(7, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void stringDictLengthExcludesTheLeadingPadding() throws IOException {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("service", "entratool");
    attributes.put("account", "p:cache-key");
    byte[] bytes = new DBusWriter().writeStringDict(attributes).toByteArray();
    // Length at 0, first entry at 8: "service" ends at 20, "entratool" at 34; second entry at 40: "account" ends
    // at 52, "p:cache-key" at 68. The length counts from 8.
    assertThat(bytes).hasSize(68);
    assertThat(bytes[0]).isEqualTo((byte) 60);
    assertThat(DBusReader.of(bytes, ByteOrder.LITTLE_ENDIAN).read("a{ss}")).isEqualTo(attributes);
  }

  @Test
  void methodCallHeaderAndBodyDecodeBack() throws IOException {
    byte[] body = new DBusWriter().writeString("plain").writeStringVariant("").toByteArray();
    byte[] message = DBusWriter.methodCall(42, DBusWriter.NO_AUTO_START, "org.freedesktop.secrets",
        "/org/freedesktop/secrets", "org.freedesktop.Secret.Service", "OpenSession", "sv", body);

    DBusReader reader = DBusReader.of(message, ByteOrder.LITTLE_ENDIAN);
    List<Object> fixed = reader.readAll("yyyyuu");
    assertThat(fixed).containsExactly((int) 'l', 1, 2, 1, body.length, 42);
    Map<Integer, Object> fields = new LinkedHashMap<>();
    for (Object field : (List<?>) reader.read("a(yv)")) {
      fields.put((Integer) ((List<?>) field).get(0), ((List<?>) field).get(1));
    }
    assertThat(fields).containsExactly(Map.entry(1, "/org/freedesktop/secrets"),
        Map.entry(2, "org.freedesktop.Secret.Service"), Map.entry(3, "OpenSession"),
        Map.entry(6, "org.freedesktop.secrets"), Map.entry(8, "sv"));
    int bodyStart = message.length - body.length;
    assertThat(bodyStart % 8).isZero();
    assertThat(reader.at(bodyStart).readAll("sv")).containsExactly("plain", "");
  }

  @Test
  void getSecretReplyShapeDecodes() throws IOException {
    // (oayays) as Item.GetSecret returns it, non-ASCII value included
    byte[] value = "pässwörd ✓".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new DBusWriter().writeObjectPath("/org/freedesktop/secrets/session/s1")
        .writeByteArray(new byte[0]).writeByteArray(value).writeString("text/plain").toByteArray();
    List<?> struct = (List<?>) DBusReader.of(bytes, ByteOrder.LITTLE_ENDIAN).read("(oayays)");
    assertThat(struct.get(0)).isEqualTo("/org/freedesktop/secrets/session/s1");
    assertThat((byte[]) struct.get(1)).isEmpty();
    assertThat((byte[]) struct.get(2)).isEqualTo(value);
    assertThat(struct.get(3)).isEqualTo("text/plain");
  }

  @Test
  void itemPropertiesAreAStringVariantAndAnAttributeDictVariant() throws IOException {
    byte[] bytes = new DBusWriter().writeItemProperties("l", Map.of("a", "b")).toByteArray();
    // Length at 0, first entry at 8: key ends at 46, signature "s" at 49, "l" from 52 to 58. Second entry at 64:
    // key ends at 107, signature "a{ss}" at 114, inner length at 116, its entry at 120: "a" to 126, "b" 128 to 134.
    assertThat(bytes).hasSize(134);
    assertThat(bytes[0]).isEqualTo((byte) 126);
    assertThat(bytes[116]).isEqualTo((byte) 14);
    Map<Object, Object> properties = new LinkedHashMap<>();
    properties.put("org.freedesktop.Secret.Item.Label", "l");
    properties.put("org.freedesktop.Secret.Item.Attributes", Map.of("a", "b"));
    assertThat(DBusReader.of(bytes, ByteOrder.LITTLE_ENDIAN).read("a{sv}")).isEqualTo(properties);
  }

  @Test
  void secretStructStartsEightAlignedAndBooleanIsFourBytes() {
    byte[] value = "ä".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new DBusWriter().writeByte(1).writeSecret("/s", new byte[0], value, "t").writeBoolean(true)
        .toByteArray();
    assertThat(bytes).containsExactly(
        1, 0, 0, 0, 0, 0, 0, 0, // a byte, padding to the struct's 8-byte boundary
        2, 0, 0, 0, '/', 's', 0, // o: session
        0, 0, 0, 0, 0, // padding, ay: no parameters
        2, 0, 0, 0, (byte) 0xc3, (byte) 0xa4, // ay: the value
        0, 0, 1, 0, 0, 0, 't', 0, // padding, s: content type
        0, 0, 1, 0, 0, 0); // padding, b: true
  }

  @Test
  @SuppressWarnings("unchecked")
  void createItemBodyDecodesBack() throws IOException {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("service", "entratool");
    attributes.put("account", "p:access-token");
    byte[] value = "tökén ✓".getBytes(StandardCharsets.UTF_8);
    byte[] body = new DBusWriter().writeItemProperties("entratool|p:access-token", attributes)
        .writeSecret("/org/freedesktop/secrets/session/s7", new byte[0], value, "text/plain; charset=utf-8")
        .writeBoolean(false).toByteArray();

    List<Object> decoded = DBusReader.of(body, ByteOrder.LITTLE_ENDIAN).readAll("a{sv}(oayays)b");

    assertThat((Map<Object, Object>) decoded.get(0)).containsEntry("org.freedesktop.Secret.Item.Label",
        "entratool|p:access-token").containsEntry("org.freedesktop.Secret.Item.Attributes", attributes);
    List<?> secret = (List<?>) decoded.get(1);
    assertThat(secret.get(0)).isEqualTo("/org/freedesktop/secrets/session/s7");
    assertThat((byte[]) secret.get(1)).isEmpty();
    assertThat((byte[]) secret.get(2)).isEqualTo(value);
    assertThat(secret.get(3)).isEqualTo("text/plain; charset=utf-8");
    assertThat(decoded.get(2)).isEqualTo(false);
  }

  @Test
  void bigEndianRepliesDecodeToo() throws IOException {
    byte[] bytes = {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o', 0};
    assertThat(DBusReader.of(bytes, ByteOrder.BIG_ENDIAN).read("s")).isEqualTo("hello");
  }

  @Test
  void truncatedOrMalformedInputIsAnIoExceptionNotARuntimeOne() {
    assertThatThrownBy(() -> DBusReader.of(new byte[] {9, 0, 0, 0, 'a'}, ByteOrder.LITTLE_ENDIAN).read("s"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> DBusReader.of(new byte[] {(byte) 0xff, 0, 0, 0x7f}, ByteOrder.LITTLE_ENDIAN)
        .read("ay")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> DBusReader.of(new byte[] {1, 'a', 0}, ByteOrder.LITTLE_ENDIAN).read("v"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> DBusReader.of(new byte[8], ByteOrder.LITTLE_ENDIAN).read("(s"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void addressKeepsOnlyUnixPathSocketsInOrder() {
    assertThat(DBusAddress.socketPaths("unix:path=/run/user/1000/bus")).containsExactly(Path.of("/run/user/1000/bus"));
    assertThat(DBusAddress.socketPaths("unix:abstract=/tmp/dbus-x,guid=0123;unix:guid=ab,path=/tmp/a%20b;"
        + "tcp:host=localhost,port=1;unix:path=/tmp/second")).containsExactly(Path.of("/tmp/a b"),
        Path.of("/tmp/second"));
    assertThat(DBusAddress.socketPaths("unix:abstract=/tmp/dbus-x,guid=0123")).isEmpty();
    assertThat(DBusAddress.socketPaths("garbage")).isEmpty();
    assertThat(DBusAddress.socketPaths("unix:path=")).isEmpty();
    assertThat(DBusAddress.socketPaths("unix:path=/tmp/broken%4")).isEmpty();
  }

  @Test
  void effectiveUidIsReadFromProc() {
    assertThat(SecretServiceClient.effectiveUid()).isPresent().get().satisfies(uid -> assertThat(uid).isNotNegative());
  }
}
