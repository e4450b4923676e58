package dev.entratool.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.json.IndentedJson;
import dev.entratool.platform.SecureFiles;
import dev.entratool.platform.StrictUtf8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * profiles.json: {@code {"version":1,"profiles":[...]}}. Every change is a read-modify-write under the file lock,
 * written atomically; a file that cannot be parsed is reported and never overwritten.
 */
public final class ProfileStore {
  public static final int VERSION = 1;
  private final Path file;
  private final Path lockFile;
  private final ProfileIndex index;

  public ProfileStore(Path file) {
    this.file = file;
    this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    this.index = new ProfileIndex(file.resolveSibling(file.getFileName() + ".index"));
  }

  public Path file() {
    return file;
  }

  /** All profiles, in file order. */
  public List<Profile> list() {
    return read(true);
  }

  public Optional<Profile> find(String name) {
    return read(true).stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The named profile, or exit 3 naming close matches and {@code entratool config list}. */
  public Profile require(String name) {
    List<Profile> all = read(true);
    return all.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> notFound(name, all));
  }

  /** Adds a new profile; the name must be free. */
  public void create(Profile profile) {
    change(all -> {
      if (all.stream().anyMatch(p -> p.name().equals(profile.name()))) {
        throw EntraToolException.usage("Profile '" + profile.name() + "' already exists",
            "Choose another name, or change it with 'entratool config edit -p " + profile.name() + "'");
      }
      List<Profile> out = new ArrayList<>(all);
      out.add(profile);
      return out;
    });
  }

  /** Replaces the named profile (which must exist) with the result of {@code edit}. */
  public Profile update(String name, UnaryOperator<Profile> edit) {
    Profile[] result = new Profile[1];
    change(all -> {
      List<Profile> out = new ArrayList<>(all);
      int i = indexOf(out, name);
      if (i < 0) {
        throw notFound(name, all);
      }
      Profile edited = edit.apply(out.get(i));
      if (!edited.name().equals(name) && indexOf(out, edited.name()) >= 0) {
        throw EntraToolException.usage("Profile '" + edited.name() + "' already exists", null);
      }
      out.set(i, edited);
      result[0] = edited;
      return out;
    });
    return result[0];
  }

  /** Adds or replaces several profiles in one atomic write (import). */
  public void putAll(List<Profile> profiles, boolean overwrite) {
    change(all -> {
      List<Profile> out = new ArrayList<>(all);
      for (Profile p : profiles) {
        int i = indexOf(out, p.name());
        if (i >= 0 && !overwrite) {
          throw EntraToolException.usage("Profile '" + p.name() + "' already exists",
              "Import it under another name with -n NEW_NAME, or replace it with --overwrite");
        }
        if (i >= 0) {
          out.set(i, p);
        } else {
          out.add(p);
        }
      }
      return out;
    });
  }

  /** Removes the named profile; false if there was none. */
  public boolean delete(String name) {
    boolean[] removed = new boolean[1];
    change(all -> {
      List<Profile> out = new ArrayList<>(all);
      removed[0] = out.removeIf(p -> p.name().equals(name));
      return out;
    });
    return removed[0];
  }

  private static int indexOf(List<Profile> profiles, String name) {
    for (int i = 0; i < profiles.size(); i++) {
      if (profiles.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private void change(UnaryOperator<List<Profile>> edit) {
    locked(profiles -> {
      profiles.write(edit.apply(profiles.all()));
      return null;
    });
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
      return SecureFiles.withLock(lockFile, () -> work.apply(new Locked(read(false))));
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
      return find(name).orElseThrow(() -> notFound(name, profiles));
    }

    /** Replaces profiles.json with {@code updated}, atomically. */
    public void write(List<Profile> updated) {
      try {
        byte[] bytes = serialize(updated);
        SecureFiles.deleteStaleTemps(file); // left by a writer killed mid-write: this lock's holder is the only one
        SecureFiles.writeAtomically(file, bytes);
        if (bytes.length < ProfileIndex.MIN_SIZE) {
          index.delete(); // no longer used: it would only keep profiles that may have been deleted
        }
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
   * @param writeIndex whether a parse of a large file saves its index: not when the caller is about to replace the
   *     file (a change), which would make the index useless at once
   */
  private List<Profile> read(boolean writeIndex) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.PROFILE, "Cannot read " + file + ": " + e.getMessage(),
          "Check the file's permissions (it should be owned by you, mode 600)", e);
    }
    if (bytes.length < ProfileIndex.MIN_SIZE) {
      return parse(bytes);
    }
    List<Profile> indexed = index.read(bytes);
    if (indexed != null) {
      return indexed;
    }
    List<Profile> parsed = parse(bytes);
    if (writeIndex) {
      index.write(bytes, parsed);
    }
    return parsed;
  }

  /** The profiles of profiles.json's bytes, each checked ({@link #check}), or the file reported as damaged. */
  private List<Profile> parse(byte[] bytes) {
    // The small strict reader first (the JSON library reads a thousand profiles three times slower before the JIT
    // warms up); anything it is unsure of goes to the library, which also words the errors.
    String text = utf8(bytes);
    List<Profile> strict = text == null ? null : ProfileLookup.all(text);
    if (strict != null) {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < strict.size(); i++) {
        check(strict.get(i), i, names);
      }
      return strict;
    }
    JsonNode root;
    try {
      root = IndentedJson.read(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw corrupt("is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw corrupt("cannot be parsed: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      // entratool never writes an empty file: this one was cut short or emptied by something else, and what it
      // held is unknown, so it is reported like any damage rather than read as "no profiles" and overwritten
      throw corrupt(bytes.length == 0 ? "is empty (0 bytes)" : "holds no JSON value, only white space", null);
    }
    if (!root.isObject()) {
      throw corrupt("must hold a JSON object {\"version\":1,\"profiles\":[...]}", null);
    }
    JsonNode version = root.get("version");
    if (version != null && (!version.canConvertToInt() || version.asInt() > VERSION)) {
      throw corrupt("has version " + version + ", which this entratool does not know (it reads version " + VERSION
          + "); was it written by a newer entratool?", null);
    }
    JsonNode profiles = root.get("profiles");
    if (profiles == null || profiles.isNull()) {
      return List.of();
    }
    if (!profiles.isArray()) {
      throw corrupt("field 'profiles' must be an array", null);
    }
    List<Profile> out = new ArrayList<>();
    Set<String> names = new HashSet<>(); // not a search of the list: a thousand profiles would be 500,000 compares
    for (int i = 0; i < profiles.size(); i++) {
      JsonNode node = profiles.get(i);
      String label = "profiles[" + i + "]";
      if (!node.isObject()) {
        throw corrupt(label + " must be an object", null);
      }
      Profile p = fromJson(node, label);
      check(p, i, names);
      out.add(p);
    }
    return out;
  }

  /** A profile read from the file must be valid, and its name not taken by an earlier one. */
  private void check(Profile p, int index, Set<String> names) {
    List<ProfileValidator.Problem> problems = ProfileValidator.problems(p, false);
    if (!problems.isEmpty()) {
      throw corrupt("profiles[" + index + "] ('" + p.name() + "') field " + problems.get(0), null);
    }
    if (!names.add(p.name())) {
      throw corrupt("profiles[" + index + "] repeats the profile name '" + p.name() + "'", null);
    }
  }

  /** The text, or null when the bytes are not valid UTF-8 (the JSON library then reports them). */
  private static String utf8(byte[] bytes) {
    try {
      return StrictUtf8.decode(bytes);
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  private Profile fromJson(JsonNode n, String label) {
    try {
      return fromJson(n);
    } catch (IllegalArgumentException e) {
      throw corrupt(label + " " + e.getMessage(), null);
    }
  }

  /**
   * Parses one profile as {@link #toJson} writes it. Only the shape is checked here (strings are strings, enum names
   * are known); whether the values make a usable profile is {@link ProfileValidator}'s call.
   *
   * @throws IllegalArgumentException naming the field, e.g. {@code field 'tenantId' must be a string}
   */
  public static Profile fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("must be an object");
    }
    Profile.Builder b = Profile.builder();
    b.name = text(n, "name");
    b.tenantId = text(n, "tenantId");
    b.clientId = text(n, "clientId");
    JsonNode scopes = n.get("scopes");
    if (scopes != null && !scopes.isNull()) {
      List<String> list = new ArrayList<>();
      if (scopes.isArray()) {
        scopes.forEach(s -> list.add(s.asText()));
      } else if (scopes.isTextual()) {
        list.addAll(Scopes.parse(scopes.asText()));
      } else {
        throw new IllegalArgumentException("field 'scopes' must be a list of strings");
      }
      b.scopes = list;
    }
    b.certificatePath = text(n, "certificatePath");
    b.redirectUri = text(n, "redirectUri");
    b.authorityHost = text(n, "authorityHost");
    b.sendX5c = n.path("sendX5c").asBoolean(false);
    String method = text(n, "authMethod");
    boolean useCertificate = n.path("useCertificate").asBoolean(false);
    b.authMethod = method != null ? parse(() -> AuthMethod.parse(method), "authMethod")
        : useCertificate ? AuthMethod.Certificate : null;
    String flow = text(n, "defaultFlow");
    b.defaultFlow = flow == null ? null : parse(() -> Flow.parse(flow), "defaultFlow");
    String cloud = text(n, "cloud");
    b.cloud = cloud == null ? null : parse(() -> Cloud.parse(cloud), "cloud");
    return b.build();
  }

  private static <T> T parse(java.util.function.Supplier<T> parser, String field) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field '" + field + "': " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string");
    }
    return v.asText();
  }

  static byte[] serialize(List<Profile> profiles) throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("version", VERSION);
    ArrayNode arr = root.putArray("profiles");
    for (Profile p : profiles) {
      arr.add(toJson(p));
    }
    return (IndentedJson.write(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The profile as it appears in profiles.json (also used by {@code config show --json}). */
  public static ObjectNode toJson(Profile p) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", p.name());
    o.put("tenantId", p.tenantId());
    o.put("clientId", p.clientId());
    ArrayNode scopes = o.putArray("scopes");
    p.scopes().forEach(scopes::add);
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
    return o;
  }

  private EntraToolException corrupt(String what, Throwable cause) {
    return new EntraToolException(ExitCode.PROFILE, file + " " + what,
        "Fix the file by hand or move it aside; entratool will not overwrite it while it is invalid", cause);
  }

  private EntraToolException notFound(String name, List<Profile> all) {
    List<String> close = closeMatches(name, all.stream().map(Profile::name).toList());
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
