package dev.entratool.profile;

import dev.entratool.json.StrictJson;
import dev.entratool.platform.FileInput;
import dev.entratool.platform.StrictUtf8;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds one profile in profiles.json without the JSON library, for the start-up fast path. Reads the file as
 * {@link ProfileStore} writes it; whenever it is unsure (a damaged file, a field of an unexpected type, an unknown
 * enum name, a repeated name) it answers empty and the caller takes the full path, which reports the problem.
 *
 * <p>It does not validate the profile ({@link ProfileValidator#problems}, a cost on every call): the fast path only
 * ever hands out a token that the full path obtained, for this profile's very client, authority and scopes, so a
 * profile edited by hand into something invalid finds no token there and goes the full way.
 */
public final class ProfileLookup {
  private ProfileLookup() {}

  /** The named profile, or empty when it is absent or anything is unusual. */
  public static Optional<Profile> find(Path file, String name) {
    try {
      byte[] bytes;
      // not Files.readAllBytes (see FileInput); any failure here sends the command down the full path, which words it
      try (InputStream in = FileInput.open(file)) {
        bytes = in.readAllBytes();
      }
      Optional<Profile> located = locate(bytes, name);
      if (located != null) {
        return located;
      }
      List<Profile> all = all(StrictUtf8.decode(bytes));
      if (all == null) {
        return Optional.empty();
      }
      Profile found = null;
      for (Profile p : all) {
        if (p.name().equals(name)) {
          if (found != null) {
            return Optional.empty(); // a repeated name: the full path reports the damaged file
          }
          found = p;
        }
      }
      return Optional.ofNullable(found);
    } catch (IOException | StrictJson.Invalid | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Every profile of a profiles.json text, as ProfileStore reads them but not yet validated; null when anything is
   * unusual (not strict JSON, a newer version, a field of another type), for the caller to take the full way.
   */
  static List<Profile> all(String text) {
    try {
      Map<String, Object> root = StrictJson.parseObject(text);
      Object version = root.get("version");
      if (version != null && !(version instanceof BigInteger v && v.compareTo(BigInteger.ONE) <= 0
          && v.signum() >= 0)) {
        return null;
      }
      if (!(root.get("profiles") instanceof List<?> entries)) {
        return null;
      }
      List<Profile> out = new ArrayList<>(entries.size());
      for (Object entry : entries) {
        Profile p = entry instanceof Map<?, ?> fields ? profile(fields) : null;
        if (p == null) {
          return null;
        }
        out.add(p);
      }
      return out;
    } catch (StrictJson.Invalid | RuntimeException e) {
      return null;
    }
  }

  /**
   * In a large file as ProfileStore writes it, finds the one profile by its name line and parses only that entry:
   * parsing a thousand profiles costs a cached get-token more than the rest of its work. Null (parse it all) when
   * the file is small, not in ProfileStore's layout, or the name is not found exactly once; so the other entries'
   * syntax (and UTF-8) goes unchecked here, which the full path checks on any other command. The search runs on the
   * bytes: the line is ASCII, and in UTF-8 an ASCII byte is always that character.
   */
  private static Optional<Profile> locate(byte[] bytes, String name) throws IOException, StrictJson.Invalid {
    if (bytes.length < 32 * 1024 || !ProfileValidator.isName(name) || !startsWith(bytes, LAYOUT)) {
      return null;
    }
    ByteSearch entry = new ByteSearch("{\n    \"name\" : \"" + name + "\",");
    int at = entry.in(bytes, 0);
    if (at < 0 || entry.in(bytes, at + 1) >= 0) {
      return null;
    }
    // The entry alone, up to the line that closes it in this layout (a JSON string holds no raw newline).
    int end = ENTRY_END.in(bytes, at);
    if (end < 0) {
      return null;
    }
    String text = StrictUtf8.decode(Arrays.copyOfRange(bytes, at, end + ENTRY_END.length()));
    Profile found = profile(StrictJson.parseObject(text));
    return found != null && name.equals(found.name()) ? Optional.of(found) : Optional.empty();
  }

  /** How ProfileStore's files begin (Jackson's pretty printer, version 1). */
  private static final byte[] LAYOUT = "{\n  \"version\" : 1,\n  \"profiles\" : [ ".getBytes(StandardCharsets.US_ASCII);
  /** How an entry of the profiles array ends in that layout. */
  private static final ByteSearch ENTRY_END = new ByteSearch("\n  }");

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  /**
   * As {@code ProfileStore.fromJson}, but refusing every leniency: null, or an IllegalArgumentException, when a field
   * has an unexpected type or value. One pass over the entries, no lookups: config list converts every profile.
   */
  private static Profile profile(Map<?, ?> fields) {
    Profile.Builder b = Profile.builder();
    String method = null;
    String flow = null;
    String cloud = null;
    boolean useCertificate = false;
    for (Map.Entry<?, ?> field : fields.entrySet()) {
      Object value = field.getValue();
      switch ((String) field.getKey()) {
        case "name" -> b.name = text(value);
        case "tenantId" -> b.tenantId = text(value);
        case "clientId" -> b.clientId = text(value);
        case "certificatePath" -> b.certificatePath = text(value);
        case "redirectUri" -> b.redirectUri = text(value);
        case "authorityHost" -> b.authorityHost = text(value);
        case "authMethod" -> method = text(value);
        case "defaultFlow" -> flow = text(value);
        case "cloud" -> cloud = text(value);
        case "useCertificate" -> useCertificate = flag(value);
        case "sendX5c" -> b.sendX5c = flag(value);
        case "scopes" -> {
          if (value != null) {
            b.scopes = texts(value);
          }
        }
        default -> {
          // ProfileStore ignores fields it does not know
        }
      }
    }
    if (b.name == null) {
      return null;
    }
    b.authMethod = method != null ? AuthMethod.parse(method) : useCertificate ? AuthMethod.Certificate : null;
    b.defaultFlow = flow == null ? null : Flow.parse(flow);
    b.cloud = cloud == null ? null : Cloud.parse(cloud);
    return b.build();
  }

  private static String text(Object value) {
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException("not a string");
    }
    return (String) value;
  }

  /** True only for JSON true; null (absent) is false. */
  private static boolean flag(Object value) {
    if (value != null && !(value instanceof Boolean)) {
      throw new IllegalArgumentException("not a boolean");
    }
    return Boolean.TRUE.equals(value);
  }

  private static List<String> texts(Object value) {
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("not an array");
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String s)) {
        throw new IllegalArgumentException("not a string");
      }
      out.add(s);
    }
    return out;
  }
}
