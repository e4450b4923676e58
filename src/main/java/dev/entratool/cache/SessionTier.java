package dev.entratool.cache;

import dev.entratool.platform.AppPaths;
import dev.entratool.platform.FileInput;
import dev.entratool.platform.SecureFiles;
import dev.entratool.platform.StrictUtf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The token cache's session tier: each profile's newest access token as one small file ({@link Entry}) in the login
 * session's runtime directory ({@code $XDG_RUNTIME_DIR}), where a cache hit costs one file read: no secret store, no
 * AES-GCM, no MSAL, no JSON library. One folder for each ENTRATOOL_HOME ({@link #homeId}): two homes with a profile
 * of the same name in one session keep apart.
 *
 * <p>Tokens are written here only while that directory is a file system in memory (tmpfs or ramfs), owned by this
 * user and mode 0700, as systemd-logind makes {@code /run/user/UID}: no token reaches a disk, no other user can read
 * one, and logging out empties it. Same-user processes can read it, as they can ask an unlocked Secret Service.
 * Only access tokens come here; refresh tokens and the cache key stay in the encrypted tier and the secret store.
 */
final class SessionTier {
  /** What {@code FileStore.type()} calls file systems held in memory. */
  private static final Set<String> MEMORY_FILE_SYSTEMS = Set.of("tmpfs", "ramfs");
  private static final Set<PosixFilePermission> PRIVATE_DIR = Set.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
  private static final String SUFFIX = ".access-token";

  private final Path runtimeDir;
  private final Path root;
  private final Path dir;

  private SessionTier(Path runtimeDir, Path home) {
    this.runtimeDir = runtimeDir;
    this.root = runtimeDir.resolve("entratool");
    this.dir = root.resolve(homeId(home));
  }

  /** This home's session tier, when there is a runtime directory. */
  static Optional<SessionTier> of(AppPaths paths) {
    return paths.runtimeDir() == null ? Optional.empty()
        : Optional.of(new SessionTier(paths.runtimeDir(), paths.home()));
  }

  Path fileFor(String profile) {
    return dir.resolve(profile + SUFFIX);
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

  /** The profile's entry, or empty when there is none or it cannot be read or parsed. */
  Optional<Entry> read(String profile) {
    try (InputStream in = FileInput.open(fileFor(profile))) { // the fast path loads as few classes as it can
      return Entry.parse(StrictUtf8.decode(in.readNBytes(64 * 1024)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Replaces the profile's entry; false, writing nothing, when the runtime directory is not private memory (see the
   * class comment).
   */
  boolean write(String profile, Entry entry) throws IOException {
    if (!inPrivateMemory(runtimeDir)) {
      return false;
    }
    SecureFiles.ensurePrivateDir(root);
    SecureFiles.ensurePrivateDir(dir);
    Path file = fileFor(profile);
    SecureFiles.withLock(EncryptedTier.lockFor(file), () -> {
      SecureFiles.deleteStaleTemps(file);
      SecureFiles.writeAtomically(file, entry.format().getBytes(StandardCharsets.UTF_8));
      return null;
    });
    return true;
  }

  /**
   * Removes the profile's entry, if any, and the one an older entratool kept for a profile of this name directly in
   * the runtime directory's folder (for any home: it may answer for the profile as it was before a change).
   */
  void delete(String profile) throws IOException {
    for (Path file : new Path[] {fileFor(profile), root.resolve(profile + SUFFIX)}) {
      Files.deleteIfExists(file);
      Files.deleteIfExists(EncryptedTier.lockFor(file));
    }
  }

  /** A directory of this user's, closed to others, on a file system in memory. */
  static boolean inPrivateMemory(Path runtimeDir) {
    try {
      return Files.isDirectory(runtimeDir, LinkOption.NOFOLLOW_LINKS)
          && Files.getAttribute(runtimeDir, "unix:uid", LinkOption.NOFOLLOW_LINKS)
              .equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))
          && Files.getPosixFilePermissions(runtimeDir, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE_DIR)
          && MEMORY_FILE_SYSTEMS.contains(Files.getFileStore(runtimeDir).type());
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false; // not Linux, or not a place to trust
    }
  }

  /**
   * One entry: plain lines of {@code key=value}, the token last, as it holds no newline. The format is shared with
   * older entratool versions running beside this one: change it only with a new first line.
   */
  static final class Entry {
    static final String FORMAT = "entratool-fast-token-v1";

    private final String clientId;
    private final String authority;
    private final boolean forUser;
    private final Set<String> scopes;
    private final long expiresOn;
    private final String token;

    Entry(String clientId, String authority, boolean forUser, Set<String> scopes, long expiresOn, String token) {
      this.clientId = clientId;
      this.authority = authority;
      this.forUser = forUser;
      this.scopes = scopes;
      this.expiresOn = expiresOn;
      this.token = token;
    }

    /** The entry for a token just obtained for {@code key}. */
    static Entry of(TokenKey key, Instant expiresOn, String token) {
      return new Entry(key.clientId(), key.authority(), key.forUser(), key.scopes(), expiresOn.getEpochSecond(),
          token);
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

    String format() {
      return FORMAT + "\nclient=" + clientId + "\nauthority=" + authority + "\nuser=" + forUser + "\nscopes="
          + String.join(" ", scopes) + "\nexpires=" + expiresOn + "\ntoken=" + token + "\n";
    }

    /** Empty for anything not written by {@link #format} (an older or damaged entry is simply not used). */
    static Optional<Entry> parse(String text) {
      if (text == null) {
        return Optional.empty();
      }
      String[] lines = text.split("\n");
      if (lines.length != 7 || !lines[0].equals(FORMAT)) {
        return Optional.empty();
      }
      String client = value(lines[1], "client=");
      String authority = value(lines[2], "authority=");
      String user = value(lines[3], "user=");
      String scopes = value(lines[4], "scopes=");
      String expires = value(lines[5], "expires=");
      String token = value(lines[6], "token=");
      if (client == null || authority == null || scopes == null || expires == null || token == null
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
      return Optional.of(new Entry(client, authority, Boolean.parseBoolean(user), scopeSet, expiresOn, token));
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
