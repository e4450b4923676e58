package dev.entratool.cache;

import dev.entratool.platform.AppPaths;
import dev.entratool.platform.SecureFiles;
import dev.entratool.platform.StrictUtf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Each profile's {@link FastToken} as a file in the login session's runtime directory ({@code $XDG_RUNTIME_DIR}),
 * where a cache hit costs one file read. One folder for each ENTRATOOL_HOME ({@link #homeId}): two homes with a
 * profile of the same name in one session keep apart. The Secret Service costs a cold JDK 17 its first Unix socket (a
 * SecureRandom and a lambda bootstrap, about 25 ms) before any D-Bus round trip.
 *
 * <p>Tokens are written here only while that directory is a file system in memory (tmpfs or ramfs), owned by this
 * user and mode 0700, as systemd-logind makes {@code /run/user/UID}: no token reaches a disk, no other user can read
 * one, and logging out empties it. Same-user processes can read it, as they can ask an unlocked Secret Service.
 * Only access tokens come here; refresh tokens and the cache key stay in the encrypted cache and the secret store.
 */
public final class RuntimeDirTokens {
  /** What {@code FileStore.type()} calls file systems held in memory. */
  private static final Set<String> MEMORY_FILE_SYSTEMS = Set.of("tmpfs", "ramfs");
  private static final Set<PosixFilePermission> PRIVATE_DIR = Set.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
  private static final String SUFFIX = ".access-token";

  private final Path runtimeDir;
  private final Path root;
  private final Path dir;

  private RuntimeDirTokens(Path runtimeDir, Path home) {
    this.runtimeDir = runtimeDir;
    this.root = runtimeDir.resolve("entratool");
    this.dir = root.resolve(homeId(home));
  }

  /** The runtime directory's token files of this home, when there is a runtime directory. */
  static Optional<RuntimeDirTokens> of(AppPaths paths) {
    return paths.runtimeDir() == null ? Optional.empty()
        : Optional.of(new RuntimeDirTokens(paths.runtimeDir(), paths.home()));
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

  /** The profile's entry as written, or empty when there is none or it cannot be read. */
  Optional<String> read(String profile) {
    try (InputStream in = Files.newInputStream(fileFor(profile))) {
      return Optional.of(StrictUtf8.decode(in.readNBytes(64 * 1024)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Replaces the profile's entry; false, writing nothing, when the runtime directory is not private memory (see the
   * class comment).
   */
  boolean write(String profile, String entry) throws IOException {
    if (!inPrivateMemory(runtimeDir)) {
      return false;
    }
    SecureFiles.ensurePrivateDir(root);
    SecureFiles.ensurePrivateDir(dir);
    Path file = fileFor(profile);
    SecureFiles.withLock(CacheFiles.lockFor(file), () -> {
      SecureFiles.deleteStaleTemps(file);
      SecureFiles.writeAtomically(file, entry.getBytes(StandardCharsets.UTF_8));
      return null;
    });
    return true;
  }

  /**
   * Removes the profile's entry, if any, and the one an older entratool kept for a profile of this name directly in
   * the runtime directory's folder (for any home: it may answer for the profile as it was before a change). True
   * when there was an entry.
   */
  boolean delete(String profile) throws IOException {
    boolean removed = false;
    for (Path file : new Path[] {fileFor(profile), root.resolve(profile + SUFFIX)}) {
      removed |= Files.deleteIfExists(file);
      Files.deleteIfExists(CacheFiles.lockFor(file));
    }
    return removed;
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
}
