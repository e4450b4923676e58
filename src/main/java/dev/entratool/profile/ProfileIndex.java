package dev.entratool.profile;

import dev.entratool.platform.SecureFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

/**
 * The profiles of a large profiles.json, already parsed and validated, kept beside it for the exact bytes they came
 * from (their length and two checksums). A cold JVM parses, converts and validates a thousand profiles in some 30 ms;
 * reading them back from here takes a few. Like git's index it is derived data: an index for other bytes, of another
 * format or damaged is ignored (the file is parsed and the index written anew), and it holds nothing that
 * profiles.json does not (no secret). The checksums guard against stale data, not against an attacker: whoever can
 * write the index can write profiles.json too.
 */
final class ProfileIndex {
  /** Below this size profiles.json is parsed every time: a few profiles cost less than a second file. */
  static final int MIN_SIZE = 32 * 1024;
  private static final int MAGIC = 0x45545049; // "ETPI"
  /** Bump when Profile, how profiles.json is read, or what ProfileValidator accepts changes. */
  private static final int FORMAT = 1;

  private final Path file;

  ProfileIndex(Path file) {
    this.file = file;
  }

  /** The profiles saved for exactly these bytes of profiles.json, or null when the index has none for them. */
  List<Profile> read(byte[] json) {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
    try {
      Reader in = new Reader(data);
      if (in.number() != MAGIC || in.number() != FORMAT || !codeVersion().equals(in.text())
          || in.number() != json.length || in.number() != crc32(json) || in.number() != adler32(json)) {
        return null;
      }
      int count = in.number();
      List<Profile> profiles = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        profiles.add(readProfile(in));
      }
      return in.atEnd() ? profiles : null;
    } catch (RuntimeException e) {
      return null; // damaged or of another shape: parse profiles.json instead
    }
  }

  /** Saves the profiles read and validated from these bytes; best effort, as a failure only costs speed. */
  void write(byte[] json, List<Profile> profiles) {
    try {
      Writer out = new Writer(json.length / 2);
      out.number(MAGIC);
      out.number(FORMAT);
      out.text(codeVersion());
      out.number(json.length);
      out.number(crc32(json));
      out.number(adler32(json));
      out.number(profiles.size());
      for (Profile p : profiles) {
        writeProfile(out, p);
      }
      SecureFiles.writeAtomically(file, out.bytes());
    } catch (IOException | RuntimeException e) {
      // a read-only folder, say: the next read parses profiles.json again
    }
  }

  private static void writeProfile(Writer out, Profile p) {
    out.text(p.name());
    out.text(p.tenantId());
    out.text(p.clientId());
    out.number(p.scopes().size());
    for (String scope : p.scopes()) {
      out.text(scope);
    }
    out.text(p.authMethod().name());
    out.text(p.certificatePath());
    out.number(p.sendX5c() ? 1 : 0);
    out.text(p.defaultFlow() == null ? null : p.defaultFlow().name());
    out.text(p.redirectUri());
    out.text(p.cloud().name());
    out.text(p.authorityHost());
  }

  private static Profile readProfile(Reader in) {
    Profile.Builder b = Profile.builder();
    b.name = in.text();
    b.tenantId = in.text();
    b.clientId = in.text();
    int scopes = in.number();
    List<String> list = new ArrayList<>(scopes);
    for (int i = 0; i < scopes; i++) {
      list.add(in.text());
    }
    b.scopes = list;
    b.authMethod = AuthMethod.valueOf(in.text());
    b.certificatePath = in.text();
    b.sendX5c = in.number() == 1;
    String flow = in.text();
    b.defaultFlow = flow == null ? null : Flow.valueOf(flow);
    b.redirectUri = in.text();
    b.cloud = Cloud.valueOf(in.text());
    b.authorityHost = in.text();
    return b.build();
  }

  /**
   * Numbers are 4 bytes, big-endian; a text is its UTF-8 length (-1 for null), a byte saying whether it is all ASCII,
   * and its bytes. ASCII text is made with ISO-8859-1, which copies the bytes as they are: a cold JVM decodes UTF-8
   * (or DataInputStream's modified UTF-8) a character at a time.
   */
  private static final class Writer {
    private final ByteArrayOutputStream bytes;

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
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      number(utf8.length);
      bytes.write(utf8.length == s.length() ? 1 : 0);
      bytes.write(utf8, 0, utf8.length);
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  private static final class Reader {
    private final byte[] data;
    private int at;

    Reader(byte[] data) {
      this.data = data;
    }

    int number() {
      int n = (data[at] & 0xff) << 24 | (data[at + 1] & 0xff) << 16 | (data[at + 2] & 0xff) << 8 | data[at + 3] & 0xff;
      at += 4;
      return n;
    }

    String text() {
      int length = number();
      if (length < 0) {
        return null;
      }
      boolean ascii = data[at++] == 1;
      if (at + length > data.length) {
        throw new IllegalStateException("truncated");
      }
      String s = new String(data, at, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
      at += length;
      return s;
    }

    boolean atEnd() {
      return at == data.length;
    }
  }

  // Both checksums run in native code, so even a cold JVM sums 300 KB in well under a millisecond.
  private static int crc32(byte[] json) {
    CRC32 crc = new CRC32();
    crc.update(json, 0, json.length);
    return (int) crc.getValue();
  }

  private static int adler32(byte[] json) {
    Adler32 adler = new Adler32();
    adler.update(json, 0, json.length);
    return (int) adler.getValue();
  }

  /** The build that wrote the index: another one may read or validate profiles differently. */
  private static String codeVersion() {
    String version = ProfileIndex.class.getPackage().getImplementationVersion();
    return version == null ? "" : version;
  }
}
