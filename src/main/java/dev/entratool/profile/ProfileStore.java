package dev.entratool.profile;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.json.PrettyJson;
import dev.entratool.json.StrictJson;
import dev.entratool.platform.SecureFiles;
import dev.entratool.platform.StrictUtf8;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * profiles.json, {@code {"version":1,"profiles":[...]}}: the one class that reads and writes it, for every command
 * and the start-up fast path alike. It is read whole with the strict JSON reader and mapped to {@link Profile}s in
 * one place ({@link #fromJson}); every profile it hands out has been checked ({@link ProfileValidator}) as it was
 * read, and every one is checked again before it is saved. Every change is a read-modify-write under the file lock,
 * written atomically; a file that cannot be read is reported (line and column, or the profile and field) and never
 * overwritten.
 */
public final class ProfileStore {
  public static final int VERSION = 1;
  /** The profile a command uses when it is given none ({@code -p}). */
  public static final String DEFAULT_PROFILE = "default";
  private final Path file;
  private final Path lockFile;
  /** The index that earlier versions kept beside a large profiles.json; no version reads it any more. */
  private final Path oldIndex;

  public ProfileStore(Path file) {
    this.file = file;
    this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    this.oldIndex = file.resolveSibling(file.getFileName() + ".index");
  }

  public Path file() {
    return file;
  }

  /**
   * This version of profiles.json, told without reading it: its device and inode (every write replaces the file),
   * size, and modification and change times; null when there is no file, or where that cannot be told (not Unix).
   * Taken before a read, it names the version read or an older one, never a newer, so a stamp that still matches
   * later means the file has not changed since.
   */
  public String stamp() {
    try {
      Map<String, Object> seen = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
      return seen.get("dev") + "/" + seen.get("ino") + "/" + seen.get("size") + "/" + seen.get("lastModifiedTime")
          + "/" + seen.get("ctime");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  /** All profiles, in file order, each checked. */
  public List<Profile> list() {
    return all(entries());
  }

  // Loops rather than streams and lambdas here: the start-up fast path looks its profile up through these, and the
  // lambda machinery costs a cold JVM more than the lookup.

  /** The named profile, checked; empty when there is none. */
  public Optional<Profile> find(String name) {
    return Optional.ofNullable(lookUp(name).profile);
  }

  /** Every profile's name, in file order, without converting the profiles (for shell completion). */
  public List<String> names() {
    return lookUp(null).names;
  }

  /** The named profile, or exit 3 naming close matches and {@code entratool config list}. */
  public Profile require(String name) {
    Lookup found = lookUp(name);
    if (found.profile == null) {
      throw notFound(name, found.names);
    }
    return found.profile;
  }

  /**
   * The profile a command means: the named one ({@link #require}), else the one named {@value #DEFAULT_PROFILE}, else
   * a usage error listing the profiles to choose from.
   */
  public Profile resolve(String name) {
    if (name != null) {
      return require(name);
    }
    Lookup found = lookUp(DEFAULT_PROFILE);
    if (found.profile != null) {
      return found.profile;
    }
    if (found.names.isEmpty()) {
      throw EntraToolException.usage("No profile given (-p NAME), and there are no profiles yet",
          "Create one with 'entratool config create'");
    }
    throw EntraToolException.usage("No profile given (-p NAME), and none is named '" + DEFAULT_PROFILE + "'",
        "Choose one with -p: " + String.join(", ", found.names));
  }

  /** One profile looked up: it (null for none), and every name in the file. */
  private static final class Lookup {
    final Profile profile;
    final List<String> names;

    Lookup(Profile profile, List<String> names) {
      this.profile = profile;
      this.names = names;
    }
  }

  private static int indexOf(List<Profile> profiles, String name) {
    for (int i = 0; i < profiles.size(); i++) {
      if (profiles.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Runs {@code work} under profiles.json's lock, on the profiles as read under it. For a change that writes more
   * than the file (secrets, cached tokens): no other change can come between its read, those writes and its own
   * write of the file, so each change starts from the one before and none is lost. A file that cannot be read
   * stops it before {@code work} runs.
   */
  public <T> T locked(Function<Locked, T> work) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      SecureFiles.ensurePrivateDir(dir);
      return SecureFiles.withLock(lockFile, () -> work.apply(new Locked(list())));
    } catch (IOException e) {
      throw cannotWrite(e);
    }
  }

  /** The profiles as read under the lock; {@link #write} replaces the file. */
  public final class Locked {
    private List<Profile> profiles;

    private Locked(List<Profile> profiles) {
      this.profiles = profiles;
    }

    /** All profiles, in file order, as last written. */
    public List<Profile> all() {
      return profiles;
    }

    public Optional<Profile> find(String name) {
      int i = indexOf(profiles, name);
      return i < 0 ? Optional.empty() : Optional.of(profiles.get(i));
    }

    /** The named profile, or exit 3 as {@link ProfileStore#require} says it. */
    public Profile require(String name) {
      return find(name).orElseThrow(() -> notFound(name, profiles.stream().map(Profile::name).toList()));
    }

    /**
     * Replaces profiles.json with {@code updated}, atomically, once every profile in it is valid and named once (a
     * usage error writes nothing).
     */
    public void write(List<Profile> updated) {
      Set<String> names = new HashSet<>();
      for (Profile p : updated) {
        List<ProfileValidator.Problem> problems = ProfileValidator.problems(p, false);
        if (!problems.isEmpty()) {
          throw EntraToolException.usage("Profile '" + p.name() + "' cannot be saved: field " + problems.get(0),
              null);
        }
        if (!names.add(p.name())) {
          throw EntraToolException.usage("Profile '" + p.name() + "' already exists",
              "Choose another name, or change it with 'entratool config edit -p " + p.name() + "'");
        }
        if (TransientProfiles.isUnsaved(p.name()) && indexOf(profiles, p.name()) < 0) {
          // their hints name environment variables, not config commands (one saved before this rule may stay)
          throw EntraToolException.usage("Profile '" + p.name() + "' cannot be saved: names starting with "
              + TransientProfiles.reservedPrefixes() + " are kept for get-token --from-env and --managed-identity",
              "Choose another name");
        }
      }
      try {
        byte[] bytes = serialize(updated);
        SecureFiles.deleteStaleTemps(file); // left by a writer killed mid-write: this lock's holder is the only one
        SecureFiles.writeAtomically(file, bytes);
        Files.deleteIfExists(oldIndex); // would only take up space, holding profiles that may have been deleted
      } catch (IOException e) {
        throw cannotWrite(e);
      }
      profiles = List.copyOf(updated);
    }
  }

  private EntraToolException cannotWrite(IOException e) {
    return new EntraToolException(ExitCode.UNEXPECTED, "Cannot write " + file + ": " + e.getMessage(),
        "Check that the folder " + file.getParent() + " is writable (set ENTRATOOL_HOME to use another one)", e);
  }

  /**
   * The entries of the file's profile list, each a JSON object (none when the file is missing), or the file reported
   * as damaged (exit 3). Whether they make valid profiles is {@link #all}'s and {@link #lookUp}'s to check.
   */
  private List<?> entries() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.PROFILE, "Cannot read " + file + ": " + e.getMessage(),
          "Check the file's permissions (it should be owned by you, mode 600)", e);
    }
    String text;
    try {
      text = StrictUtf8.decode(bytes);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw corrupt("is not valid UTF-8 text at " + where(new String(bytes, StandardCharsets.UTF_8),
          malformedAt(bytes)), e);
    }
    String json = text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte order mark, as some editors write
    int first = 0;
    while (first < json.length() && " \t\n\r".indexOf(json.charAt(first)) >= 0) {
      first++;
    }
    if (first == json.length()) {
      // entratool never writes an empty file: this one was cut short or emptied by something else, and what it
      // held is unknown, so it is reported like any damage rather than read as "no profiles" and overwritten
      throw corrupt(bytes.length == 0 ? "is empty (0 bytes)" : "holds no JSON value, only white space", null);
    }
    Object parsed;
    try {
      parsed = StrictJson.parse(json);
    } catch (StrictJson.Invalid e) {
      throw corrupt("is not valid JSON at " + where(json, e.offset()) + ": " + e.reason(), e);
    }
    if (!(parsed instanceof Map<?, ?> root)) {
      throw corrupt("must hold a JSON object {\"version\":1,\"profiles\":[...]}", null);
    }
    Object version = root.get("version");
    if (version != null && !(version instanceof BigInteger v && v.compareTo(BigInteger.valueOf(VERSION)) <= 0)) {
      throw corrupt("has version " + (version instanceof String ? "\"" + version + "\"" : version) + ", which this "
          + "entratool does not know (it reads version " + VERSION + "); was it written by a newer entratool?", null);
    }
    Object entries = root.get("profiles");
    if (entries == null) {
      return List.of();
    }
    if (!(entries instanceof List<?> list)) {
      throw corrupt("field 'profiles' must be an array", null);
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map)) {
        throw corrupt("profiles[" + i + "] must be an object", null);
      }
    }
    return list;
  }

  /** Every entry as a checked profile, each under a name of its own. */
  private List<Profile> all(List<?> entries) {
    List<Profile> out = new ArrayList<>(entries.size());
    Set<String> names = new HashSet<>(); // not a search of the list: a thousand profiles would be 500,000 compares
    for (int i = 0; i < entries.size(); i++) {
      Profile p = profile(entries, i);
      if (!names.add(p.name())) {
        throw corrupt("profiles[" + i + "] repeats the profile name '" + p.name() + "'", null);
      }
      out.add(p);
    }
    return out;
  }

  /**
   * The named profile, checked, and every name in the file, each once. Only that entry becomes a profile: a command
   * that needs one profile (get-token, among a thousand) does not convert and check them all; the others are checked
   * by whatever reads them all ({@code config list}, every change).
   */
  private Lookup lookUp(String name) {
    List<?> entries = entries();
    List<String> names = new ArrayList<>(entries.size());
    Set<String> seen = new HashSet<>();
    int found = -1;
    for (int i = 0; i < entries.size(); i++) {
      String entryName;
      try {
        entryName = text("name", ((Map<?, ?>) entries.get(i)).get("name"));
      } catch (IllegalArgumentException e) {
        throw corrupt("profiles[" + i + "] " + e.getMessage(), null);
      }
      if (entryName == null) {
        continue; // not a profile anyone can name; config list reports it
      }
      if (!seen.add(entryName)) {
        throw corrupt("profiles[" + i + "] repeats the profile name '" + entryName + "'", null);
      }
      names.add(entryName);
      if (entryName.equals(name)) {
        found = i;
      }
    }
    return new Lookup(found < 0 ? null : profile(entries, found), names);
  }

  /** Entry {@code i} as a profile, checked, or the file reported as damaged naming the entry and field. */
  private Profile profile(List<?> entries, int i) {
    String label = "profiles[" + i + "]";
    Profile p;
    try {
      p = fromJson((Map<?, ?>) entries.get(i));
    } catch (IllegalArgumentException e) {
      throw corrupt(label + " " + e.getMessage(), null);
    }
    List<ProfileValidator.Problem> problems = ProfileValidator.problems(p, false);
    if (!problems.isEmpty()) {
      throw corrupt(label + " ('" + p.name() + "') field " + problems.get(0), null);
    }
    return p;
  }

  /** {@code line L, column C} of a char offset, both counted from 1. */
  private static String where(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return "line " + line + ", column " + (offset - lineStart + 1);
  }

  /** The char offset, in the text decoded so far, of the first byte that is not UTF-8. */
  private static int malformedAt(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer decoded = CharBuffer.allocate(bytes.length);
    decoder.decode(ByteBuffer.wrap(bytes), decoded, true);
    return decoded.position();
  }

  /**
   * A profile from its JSON object as {@link #toJson} writes it (a list of scopes may also be one string, as the user
   * guide shows it; unknown fields are ignored). Only the shape is checked here (strings are strings, enum names
   * are known); whether the values make a usable profile is {@link ProfileValidator}'s call. One pass over the
   * fields: config list maps every profile.
   *
   * @param fields as {@link StrictJson} reads an object: JSON null is null, a boolean a Boolean, an array a List
   * @throws IllegalArgumentException naming the field, e.g. {@code field 'tenantId' must be a string}
   */
  public static Profile fromJson(Map<?, ?> fields) {
    Profile.Builder b = Profile.builder();
    String method = null;
    String flow = null;
    String cloud = null;
    boolean useCertificate = false;
    for (Map.Entry<?, ?> field : fields.entrySet()) {
      Object value = field.getValue();
      String name = String.valueOf(field.getKey());
      switch (name) {
        case "name" -> b.name = text(name, value);
        case "tenantId" -> b.tenantId = text(name, value);
        case "clientId" -> b.clientId = text(name, value);
        case "certificatePath" -> b.certificatePath = text(name, value);
        case "redirectUri" -> b.redirectUri = text(name, value);
        case "authorityHost" -> b.authorityHost = text(name, value);
        case "federatedTokenFile" -> b.federatedTokenFile = text(name, value);
        case "serviceConnectionId" -> b.serviceConnectionId = text(name, value);
        case "miClientId" -> b.miClientId = text(name, value);
        case "miObjectId" -> b.miObjectId = text(name, value);
        case "miResourceId" -> b.miResourceId = text(name, value);
        case "authMethod" -> method = text(name, value);
        case "useCertificate" -> useCertificate = flag(name, value);
        case "sendX5c" -> b.sendX5c = flag(name, value);
        case "scopes" -> b.scopes = scopes(name, value);
        case "clientCapabilities" -> b.clientCapabilities = scopes(name, value);
        case "defaultFlow" -> flow = text(name, value);
        case "cloud" -> cloud = text(name, value);
        default -> {
          // a field this version does not know: ignored
        }
      }
    }
    String field = "authMethod";
    try {
      b.authMethod = method != null ? AuthMethod.parse(method) : useCertificate ? AuthMethod.Certificate : null;
      field = "defaultFlow";
      b.defaultFlow = flow == null ? null : Flow.parse(flow);
      field = "cloud";
      b.cloud = cloud == null ? null : Cloud.parse(cloud);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field '" + field + "': " + e.getMessage(), e);
    }
    return b.build();
  }

  private static String text(String field, Object value) {
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException("field '" + field + "' must be a string");
    }
    return (String) value;
  }

  /** JSON true or false; absent or null is false. */
  private static boolean flag(String field, Object value) {
    if (value != null && !(value instanceof Boolean)) {
      throw new IllegalArgumentException("field '" + field + "' must be true or false");
    }
    return Boolean.TRUE.equals(value);
  }

  /** A list of words, given as a list of strings or one space- or comma-separated string. */
  private static List<String> scopes(String name, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      return Scopes.parse(text);
    }
    if (value instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw new IllegalArgumentException("field '" + name + "' must be a list of strings");
        }
        out.add(s);
      }
      return out;
    }
    throw new IllegalArgumentException("field '" + name + "' must be a list of strings");
  }

  static byte[] serialize(List<Profile> profiles) throws IOException {
    List<Map<String, Object>> entries = new ArrayList<>(profiles.size());
    for (Profile p : profiles) {
      entries.add(toJson(p));
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", VERSION);
    root.put("profiles", entries);
    return (PrettyJson.write(root) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The profile's JSON object as profiles.json holds it, fields in file order (also {@code config show --json} and
   * export bundles): strings, booleans, null and a list of strings, for any JSON writer.
   */
  public static Map<String, Object> toJson(Profile p) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", p.name());
    putIfSet(o, "tenantId", p.tenantId()); // none for a managed identity (and the Azure CLI's may have none)
    putIfSet(o, "clientId", p.clientId());
    o.put("scopes", p.scopes());
    o.put("authMethod", p.authMethod() == null ? null : p.authMethod().name());
    if (p.certificatePath() != null) {
      o.put("certificatePath", p.certificatePath());
    }
    o.put("useCertificate", p.useCertificate());
    if (p.sendX5c()) {
      o.put("sendX5c", true);
    }
    if (p.defaultFlow() != null) {
      o.put("defaultFlow", p.defaultFlow().name());
    }
    if (p.redirectUri() != null) {
      o.put("redirectUri", p.redirectUri());
    }
    o.put("cloud", p.cloud().name());
    if (p.authorityHost() != null) {
      o.put("authorityHost", p.authorityHost());
    }
    if (p.federatedTokenFile() != null) {
      o.put("federatedTokenFile", p.federatedTokenFile());
    }
    if (p.serviceConnectionId() != null) {
      o.put("serviceConnectionId", p.serviceConnectionId());
    }
    putIfSet(o, "miClientId", p.miClientId());
    putIfSet(o, "miObjectId", p.miObjectId());
    putIfSet(o, "miResourceId", p.miResourceId());
    if (!p.clientCapabilities().isEmpty()) {
      o.put("clientCapabilities", p.clientCapabilities());
    }
    return o;
  }

  private static void putIfSet(Map<String, Object> o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  private EntraToolException corrupt(String what, Throwable cause) {
    return new EntraToolException(ExitCode.PROFILE, file + " " + what,
        "Fix the file by hand or move it aside; entratool will not overwrite it while it is invalid", cause);
  }

  private EntraToolException notFound(String name, List<String> all) {
    List<String> close = closeMatches(name, all);
    String message = "Profile '" + name + "' not found";
    if (!close.isEmpty()) {
      message += ". Did you mean: " + String.join(", ", close) + "?";
    }
    return EntraToolException.profile(message, all.isEmpty()
        ? "No profiles yet: create one with 'entratool config create'"
        : "Run 'entratool config list' to see your profiles");
  }

  /** Names within a small edit distance, or sharing a prefix, closest first. */
  static List<String> closeMatches(String wanted, List<String> names) {
    String w = wanted.toLowerCase(Locale.ROOT);
    return names.stream()
        .filter(n -> {
          String c = n.toLowerCase(Locale.ROOT);
          return distance(w, c) <= Math.max(2, w.length() / 3) || c.startsWith(w) || w.startsWith(c);
        })
        .sorted(Comparator.comparingInt(n -> distance(w, n.toLowerCase(Locale.ROOT))))
        .limit(3)
        .toList();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
