package dev.entratool.cache;

import dev.entratool.platform.AppPaths;
import dev.entratool.platform.SecureFiles;
import dev.entratool.platform.StrictUtf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The token cache's session tier: each profile's newest access token as one small file ({@link Entry}) in a private
 * folder in memory, where a cache hit costs one file read: no secret store, no vault key (so no PBKDF2), no AES-GCM,
 * no MSAL, no JSON library. One folder for each ENTRATOOL_HOME ({@link #homeId}): two homes with a profile of the same
 * name keep apart.
 *
 * <p>The folder is the login session's runtime directory ({@code $XDG_RUNTIME_DIR/entratool}) when that is a folder
 * of this user's, mode 0700, on a file system in memory, as systemd-logind makes {@code /run/user/UID} (logging out
 * empties it). Without one (containers, CI, cron, su), it is {@code /dev/shm/entratool-UID}: made 0700 by this user
 * and used only while it is still a real folder (not a link) of this user's with mode 0700 on a file system in memory;
 * anyone could have made one of that name first in the shared {@code /dev/shm}, and such a folder is never trusted,
 * for reading or writing. A reboot empties it. So no token reaches a disk, and no other user can read one; processes
 * of the same user (and root) can, as they can ask an unlocked keyring. Only access tokens come here; refresh tokens,
 * secrets and the cache key stay in the encrypted tier and the secret store. Without either folder (not Linux, say)
 * there is no session tier, and every hit comes from the encrypted tier.
 */
final class SessionTier {
  /** What {@code FileStore.type()} calls file systems held in memory. */
  private static final Set<String> MEMORY_FILE_SYSTEMS = Set.of("tmpfs", "ramfs");
  private static final String SUFFIX = ".access-token";
  private static final int DIRECTORY = 0040000;
  private static final int TYPE_BITS = 0170000;

  private final Path runtimeDir;
  private final Path memoryDir;
  private final String homeId;

  SessionTier(AppPaths paths) {
    this.runtimeDir = paths.runtimeDir();
    this.memoryDir = paths.memoryDir();
    this.homeId = homeId(paths.home());
  }

  /**
   * A short name for the folder of {@code home}'s entries: 64-bit FNV-1a of its normalised absolute path, in hex.
   * Not a digest (the JDK's start its security providers, which the fast path avoids): the entries check client,
   * authority and scopes anyway, so even two homes that met on one name would only share, never mix up, a token.
   */
  static String homeId(Path home) {
    String path = home.toAbsolutePath().normalize().toString();
    long hash = 0xcbf29ce484222325L;
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    String hex = Long.toHexString(hash);
    return "0".repeat(16 - hex.length()) + hex;
  }

  /** The runtime directory's folder of entratool entries, or null without a runtime directory. */
  private Path runtimeRoot() {
    return runtimeDir == null ? null : runtimeDir.resolve("entratool");
  }

  /** This user's folder on the memory file system, trusted or not, or null when there is none to ask about. */
  private Path memoryRoot() {
    if (memoryDir == null) {
      return null;
    }
    try {
      return memoryDir.resolve("entratool-" + Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null; // not Linux
    }
  }

  /** Where the profile's entry is in the runtime directory, when there is one. */
  Optional<Path> runtimeFile(String profile) {
    Path root = runtimeRoot();
    return root == null ? Optional.empty() : Optional.of(root.resolve(homeId).resolve(profile + SUFFIX));
  }

  /**
   * The profile's entry, from the runtime directory, else from this user's folder in memory while that is one to
   * trust; empty when there is none or it cannot be read or parsed.
   */
  Optional<Entry> read(String profile) {
    Path runtime = runtimeRoot();
    if (runtime != null) {
      Optional<Entry> entry = readFile(runtime.resolve(homeId).resolve(profile + SUFFIX));
      if (entry.isPresent()) {
        return entry;
      }
    }
    Path memory = memoryRoot();
    return memory != null && privateFolder(memory) == null
        ? readFile(memory.resolve(homeId).resolve(profile + SUFFIX)) : Optional.empty();
  }

  private static Optional<Entry> readFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Entry.parse(StrictUtf8.decode(in.readNBytes(64 * 1024)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Why there is no folder to keep entries in, for --verbose. */
  static final class Refused extends Exception {
    Refused(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * Replaces the profile's entry in the runtime directory when that is private memory, else in this user's folder in
   * memory (made here if there is none); returns the file written.
   *
   * @throws Refused writing nothing, when there is neither
   */
  Path write(String profile, Entry entry) throws IOException, Refused {
    Path folder = folderForWriting().resolve(homeId);
    SecureFiles.ensurePrivateDir(folder);
    Path file = folder.resolve(profile + SUFFIX);
    SecureFiles.withLock(EncryptedTier.lockFor(file), () -> {
      SecureFiles.deleteStaleTemps(file);
      SecureFiles.writeAtomically(file, entry.format().getBytes(StandardCharsets.UTF_8));
      return null;
    });
    return file;
  }

  private Path folderForWriting() throws IOException, Refused {
    String runtimeProblem = runtimeDir == null ? "XDG_RUNTIME_DIR is not set" : privateMemory(runtimeDir);
    if (runtimeProblem == null) {
      Path root = runtimeRoot();
      SecureFiles.ensurePrivateDir(root);
      return root;
    }
    Path memory = memoryRoot();
    if (memory == null) {
      throw new Refused(runtimeProblem + ", and there is no memory file system to use instead");
    }
    if (!Files.isDirectory(memoryDir)) {
      throw new Refused(runtimeProblem + ", and " + memoryDir + " is not a folder");
    }
    try {
      Files.createDirectory(memory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
          "rwx------")));
    } catch (FileAlreadyExistsException e) {
      // made before, by this user (checked next) or by someone else (refused next)
    }
    String memoryProblem = privateMemory(memory);
    if (memoryProblem != null) {
      throw new Refused(runtimeProblem + ", and " + memoryProblem);
    }
    return memory;
  }

  /**
   * Removes the profile's entries from both folders, and the one an older entratool kept for a profile of this name
   * directly in the runtime directory's folder (for any home: it may answer for the profile as it was before a
   * change).
   */
  boolean delete(String profile) throws IOException {
    boolean removed = false;
    List<Path> files = new ArrayList<>();
    Path runtime = runtimeRoot();
    if (runtime != null) {
      files.add(runtime.resolve(homeId).resolve(profile + SUFFIX));
      files.add(runtime.resolve(profile + SUFFIX));
    }
    Path memory = memoryRoot();
    if (memory != null && privateFolder(memory) == null) {
      files.add(memory.resolve(homeId).resolve(profile + SUFFIX));
    }
    for (Path file : files) {
      removed |= Files.deleteIfExists(file);
      Files.deleteIfExists(EncryptedTier.lockFor(file));
    }
    return removed;
  }

  /** Null for a folder of this user's, closed to others, on a file system in memory; else what is wrong with it. */
  static String privateMemory(Path folder) {
    String problem = privateFolder(folder);
    if (problem != null) {
      return problem;
    }
    try {
      return MEMORY_FILE_SYSTEMS.contains(Files.getFileStore(folder).type()) ? null
          : folder + " is not on a file system in memory (tmpfs)";
    } catch (IOException e) {
      return folder + " cannot be checked: " + e.getMessage();
    }
  }

  /**
   * Null for a real folder (not a link) of this user's with mode 0700 exactly, else what is wrong with it. One
   * {@code lstat}: cheap enough for every cache hit.
   */
  static String privateFolder(Path folder) {
    try {
      Map<String, Object> seen = Files.readAttributes(folder, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) seen.get("mode");
      if ((mode & TYPE_BITS) != DIRECTORY) {
        return folder + " is not a folder";
      }
      if (!seen.get("uid").equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
        return folder + " belongs to another user";
      }
      return (mode & 07777) == 0700 ? null : folder + " has mode " + Integer.toOctalString(mode & 07777)
          + ", not 700";
    } catch (NoSuchFileException e) {
      return folder + " does not exist";
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return folder + " cannot be checked: " + e.getMessage(); // not Linux, or not a place to trust
    }
  }

  /**
   * One entry: plain lines of {@code key=value}, the token last, as it holds no newline. The format is shared with
   * older entratool versions running beside this one: change it only with a new first line.
   */
  static final class Entry {
    static final String FORMAT = "entratool-fast-token-v2";

    private final String clientId;
    private final String authority;
    private final boolean forUser;
    private final Set<String> scopes;
    /** The origin of the query it answered (see {@link TokenCache#store}), or empty for none. */
    private final String origin;
    private final long expiresOn;
    private final String token;

    Entry(String clientId, String authority, boolean forUser, Set<String> scopes, String origin, long expiresOn,
        String token) {
      this.clientId = clientId;
      this.authority = authority;
      this.forUser = forUser;
      this.scopes = scopes;
      this.origin = origin;
      this.expiresOn = expiresOn;
      this.token = token;
    }

    /** The entry for a token just obtained for {@code key}, asked for by a query of {@code origin} (or null). */
    static Entry of(TokenKey key, String origin, Instant expiresOn, String token) {
      return new Entry(key.clientId(), key.authority(), key.forUser(), key.scopes(),
          origin == null || origin.indexOf('\n') >= 0 ? "" : origin, expiresOn.getEpochSecond(), token);
    }

    Set<String> scopes() {
      return scopes;
    }

    String token() {
      return token;
    }

    Instant expiresOn() {
      return Instant.ofEpochSecond(expiresOn);
    }

    /** True when this token answers {@code key} still valid at {@code validUntil} ({@link TokenKey#answeredBy}). */
    boolean answers(TokenKey key, Instant validUntil) {
      return key.answeredBy(clientId, authority, forUser, scopes, expiresOn(), validUntil);
    }

    /** True when this token was kept for a query of {@code origin}, and is still valid at {@code validUntil}. */
    boolean answers(String origin, Instant validUntil) {
      return !this.origin.isEmpty() && this.origin.equals(origin) && expiresOn().isAfter(validUntil);
    }

    String format() {
      return FORMAT + "\nclient=" + clientId + "\nauthority=" + authority + "\nuser=" + forUser + "\nscopes="
          + String.join(" ", scopes) + "\norigin=" + origin + "\nexpires=" + expiresOn + "\ntoken=" + token + "\n";
    }

    /** Empty for anything not written by {@link #format} (an older or damaged entry is simply not used). */
    static Optional<Entry> parse(String text) {
      if (text == null) {
        return Optional.empty();
      }
      String[] lines = text.split("\n");
      if (lines.length != 8 || !lines[0].equals(FORMAT)) {
        return Optional.empty();
      }
      String client = value(lines[1], "client=");
      String authority = value(lines[2], "authority=");
      String user = value(lines[3], "user=");
      String scopes = value(lines[4], "scopes=");
      String origin = value(lines[5], "origin=");
      String expires = value(lines[6], "expires=");
      String token = value(lines[7], "token=");
      if (client == null || authority == null || scopes == null || origin == null || expires == null || token == null
          || token.isEmpty() || !(("true").equals(user) || ("false").equals(user))) {
        return Optional.empty();
      }
      long expiresOn;
      try {
        expiresOn = Long.parseLong(expires);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      Set<String> scopeSet = new LinkedHashSet<>();
      for (String s : scopes.split(" ")) {
        if (!s.isEmpty()) {
          scopeSet.add(s);
        }
      }
      return Optional.of(new Entry(client, authority, Boolean.parseBoolean(user), scopeSet, origin, expiresOn,
          token));
    }

    private static String value(String line, String key) {
      return line.startsWith(key) ? line.substring(key.length()) : null;
    }

    /** Never shows the token. */
    @Override
    public String toString() {
      return "Entry[scopes=" + new ArrayList<>(scopes) + ", expiresOn=" + expiresOn() + "]";
    }
  }
}
