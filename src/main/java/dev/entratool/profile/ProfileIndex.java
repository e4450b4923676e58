package dev.entratool.profile;

import dev.entratool.platform.SecureFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

/**
 * The profiles of a large profiles.json, already parsed and validated, kept beside it for the exact bytes they came
 * from (their length and two checksums) and the build that read them, with a checksum of its own. A cold JVM parses,
 * converts and validates a thousand profiles in some 30 ms; reading them back from here takes a few. It is a cache:
 * an index for other bytes or another build, or a damaged one, is ignored (profiles.json is parsed and the index
 * written anew), deleting it is always safe, and it holds nothing that profiles.json does not (no secret). The
 * checksums guard against stale or damaged data, not against an attacker: whoever can write the index can write
 * profiles.json too.
 */
final class ProfileIndex {
  /** Below this size profiles.json is parsed every time: a few profiles cost less than a second file. */
  static final int MIN_SIZE = 32 * 1024;
  private static final int MAGIC = 0x45545049; // "ETPI"
  /** Bump when this layout changes; another build is told apart by {@link #codeVersion}. */
  private static final int FORMAT = 3;
  /** How a text's characters are stored: its bytes, all below 0x80, or its UTF-16 code units, whatever they are. */
  private static final byte ASCII = 1;
  private static final byte UTF_16 = 2;

  private final Path file;

  ProfileIndex(Path file) {
    this.file = file;
  }

  /** The profiles saved for exactly these bytes of profiles.json, or null when the index has none for them. */
  List<Profile> read(byte[] json) {
    byte[] data;
    try {
      if (Files.size(file) > 2L * json.length + 4096) {
        return null; // never this large for these profiles: not read into memory
      }
      data = Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
    try {
      // the index's own damage: its last 4 bytes are the CRC-32 of the rest
      int end = data.length - 4;
      if (end < 0 || crc32(data, end) != ByteBuffer.wrap(data).getInt(end)) {
        return null;
      }
      Reader in = new Reader(data, end);
      if (in.number() != MAGIC || in.number() != FORMAT || !codeVersion().equals(in.text())
          || in.number() != json.length || in.number() != crc32(json, json.length) || in.number() != adler32(json)) {
        return null;
      }
      String[] strings = new String[in.size(5)]; // each text takes at least 5 bytes
      for (int i = 0; i < strings.length; i++) {
        strings[i] = in.text();
      }
      int count = in.size(4 * 11); // each profile takes at least 11 numbers
      return profiles(count, strings, in.numbersToEnd());
    } catch (RuntimeException e) {
      return null; // damaged or of another shape: parse profiles.json instead
    }
  }

  /** Removes the index, if there is one; best effort, as a left-over index is never believed for other bytes. */
  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a read-only folder, say
    }
  }

  /** Saves the profiles read and validated from these bytes; best effort, as a failure only costs speed. */
  void write(byte[] json, List<Profile> profiles) {
    try {
      Writer refs = new Writer(profiles.size() * 64);
      refs.number(profiles.size());
      for (Profile p : profiles) {
        writeProfile(refs, p);
      }
      Writer out = new Writer(json.length / 4);
      out.number(MAGIC);
      out.number(FORMAT);
      out.text(codeVersion());
      out.number(json.length);
      out.number(crc32(json, json.length));
      out.number(adler32(json));
      out.number(refs.strings.size());
      for (String string : refs.strings.keySet()) {
        out.text(string);
      }
      out.append(refs);
      out.number(crc32(out.bytes(), out.size()));
      SecureFiles.writeAtomically(file, out.bytes());
    } catch (IOException | RuntimeException e) {
      // a read-only folder, say: the next read parses profiles.json again
    }
  }

  private static void writeProfile(Writer out, Profile p) {
    out.ref(p.name());
    out.ref(p.tenantId());
    out.ref(p.clientId());
    out.number(p.scopes().size());
    for (String scope : p.scopes()) {
      out.ref(scope);
    }
    out.ref(p.authMethod().name());
    out.ref(p.certificatePath());
    out.number(p.sendX5c() ? 1 : 0);
    out.ref(p.defaultFlow() == null ? null : p.defaultFlow().name());
    out.ref(p.redirectUri());
    out.ref(p.cloud().name());
    out.ref(p.authorityHost());
  }

  /**
   * The profiles from their fields' numbers, in writeProfile's order. One loop with no calls per field, and each
   * enum made once per distinct text: before the JIT has compiled anything, a call costs about as much as the rest.
   * Null when the numbers do not describe exactly {@code count} profiles.
   */
  private static List<Profile> profiles(int count, String[] strings, int[] v) {
    AuthMethod[] methods = new AuthMethod[strings.length];
    Flow[] flows = new Flow[strings.length];
    Cloud[] clouds = new Cloud[strings.length];
    List<Profile> profiles = new ArrayList<>(count);
    int k = 0;
    for (int i = 0; i < count; i++) {
      String name = strings[v[k++]]; // a required field's -1 throws, and the caller parses profiles.json instead
      String tenant = strings[v[k++]];
      String client = strings[v[k++]];
      int scopeCount = v[k++];
      if (scopeCount < 0 || scopeCount > v.length - k) {
        return null;
      }
      String[] scopes = new String[scopeCount];
      for (int j = 0; j < scopes.length; j++) {
        scopes[j] = strings[v[k++]];
      }
      int id = v[k++];
      AuthMethod method = methods[id];
      if (method == null) {
        method = methods[id] = AuthMethod.valueOf(strings[id]);
      }
      id = v[k++];
      String certificate = id < 0 ? null : strings[id];
      boolean sendX5c = v[k++] == 1;
      id = v[k++];
      Flow flow = id < 0 ? null : flows[id];
      if (id >= 0 && flow == null) {
        flow = flows[id] = Flow.valueOf(strings[id]);
      }
      id = v[k++];
      String redirect = id < 0 ? null : strings[id];
      id = v[k++];
      Cloud cloud = clouds[id];
      if (cloud == null) {
        cloud = clouds[id] = Cloud.valueOf(strings[id]);
      }
      id = v[k++];
      String authority = id < 0 ? null : strings[id];
      profiles.add(new Profile(name, tenant, client, List.of(scopes), method, certificate, sendX5c, flow, redirect,
          cloud, authority));
    }
    return k == v.length ? profiles : null;
  }

  /**
   * Numbers are 4 bytes, big-endian; a text is its length in bytes (-1 for null), its form (ASCII or UTF-16, which
   * keeps any Java string as it was, even a lone surrogate that UTF-8 would replace), and its bytes. ASCII text is
   * made with ISO-8859-1, which copies the bytes as they are: a cold JVM decodes UTF-8 a character at a time. The
   * texts come first, each distinct one once (a thousand profiles share a few tenants, scopes and enum names); then
   * the profiles, as numbers: a text's position in that table (-1 for null), a count of scopes, 1 or 0 for a flag.
   * Last, the CRC-32 of all before it.
   */
  private static final class Writer {
    private final ByteArrayOutputStream bytes;
    /** The distinct texts referred to, with their numbers. */
    final Map<String, Integer> strings = new LinkedHashMap<>();

    Writer(int size) {
      bytes = new ByteArrayOutputStream(size);
    }

    void number(int n) {
      bytes.write(n >>> 24);
      bytes.write(n >>> 16);
      bytes.write(n >>> 8);
      bytes.write(n);
    }

    void text(String s) {
      if (s == null) {
        number(-1);
        return;
      }
      if (isAscii(s)) {
        number(s.length());
        bytes.write(ASCII);
        bytes.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
      number(2 * s.length());
      bytes.write(UTF_16);
      for (int i = 0; i < s.length(); i++) {
        bytes.write(s.charAt(i) >>> 8);
        bytes.write(s.charAt(i));
      }
    }

    void ref(String s) {
      if (s == null) {
        number(-1);
        return;
      }
      Integer id = strings.get(s);
      if (id == null) {
        id = strings.size();
        strings.put(s, id);
      }
      number(id);
    }

    void append(Writer other) {
      bytes.writeBytes(other.bytes());
    }

    int size() {
      return bytes.size();
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  private static final class Reader {
    private final byte[] data;
    private final int end;
    private int at;

    Reader(byte[] data, int end) {
      this.data = data;
      this.end = end;
    }

    int number() {
      if (end - at < 4) {
        throw new IllegalStateException("truncated");
      }
      int n = (data[at] & 0xff) << 24 | (data[at + 1] & 0xff) << 16 | (data[at + 2] & 0xff) << 8 | data[at + 3] & 0xff;
      at += 4;
      return n;
    }

    String text() {
      int length = number();
      if (length < 0) {
        return null;
      }
      byte form = data[at++];
      if (length > end - at) {
        throw new IllegalStateException("truncated");
      }
      String s;
      if (form == ASCII) {
        s = new String(data, at, length, StandardCharsets.ISO_8859_1);
      } else if (form == UTF_16 && length % 2 == 0) {
        char[] chars = new char[length / 2];
        for (int i = 0; i < chars.length; i++) {
          chars[i] = (char) ((data[at + 2 * i] & 0xff) << 8 | data[at + 2 * i + 1] & 0xff);
        }
        s = new String(chars);
      } else {
        throw new IllegalStateException("unknown text form");
      }
      at += length;
      return s;
    }

    /** A count of things that take at least {@code bytesEach} of what is left: damage must not size an array. */
    int size(int bytesEach) {
      int n = number();
      if (n < 0 || n > (end - at) / bytesEach) {
        throw new IllegalStateException("damaged");
      }
      return n;
    }

    /** The numbers from here to the end, copied in one bulk read (a loop here runs interpreted: 1.5 ms). */
    int[] numbersToEnd() {
      if ((end - at) % 4 != 0) {
        throw new IllegalStateException("truncated");
      }
      int[] numbers = new int[(end - at) / 4];
      ByteBuffer.wrap(data, at, end - at).asIntBuffer().get(numbers); // big-endian, as written
      at = end;
      return numbers;
    }
  }

  // Both checksums run in native code, so even a cold JVM sums 300 KB in well under a millisecond.
  private static int crc32(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  private static int adler32(byte[] json) {
    Adler32 adler = new Adler32();
    adler.update(json, 0, json.length);
    return (int) adler.getValue();
  }

  /**
   * The build that wrote the index, which another build may read or validate differently: its version and the size
   * and time of the jar (or class folder) it runs from, since a rebuild keeps the version.
   */
  private static String codeVersion() {
    String version = ProfileIndex.class.getPackage().getImplementationVersion();
    String build = version == null ? "" : version;
    try {
      Path code = Path.of(ProfileIndex.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      BasicFileAttributes attributes = Files.readAttributes(code, BasicFileAttributes.class);
      return build + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis();
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return build + "|unknown"; // the next build cannot know either: its index is never believed by this one
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
