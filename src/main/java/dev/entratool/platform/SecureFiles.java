package dev.entratool.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Private files: folders 0700, files 0600, replaced atomically (temp file in the same folder, fsync, rename) and
 * guarded by a lock file so two processes never interleave a read-modify-write.
 */
public final class SecureFiles {
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

  /*
   * OS file locks are held per process: a second FileChannel.lock in the same JVM throws instead of waiting. This
   * process-wide table makes threads of one JVM (tests, parallel work) queue up first; it holds only locks, no data.
   */
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private SecureFiles() {}

  public static boolean posix() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Creates the folder (and parents) if needed and makes it private (0700). */
  public static void ensurePrivateDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
    }
    if (posix()) {
      Files.setPosixFilePermissions(dir, DIR_MODE);
    }
  }

  /**
   * Writes {@code data} to {@code target} atomically with mode 0600; a crash leaves the old file intact. The folder
   * must exist: owners of private files make theirs with {@link #ensurePrivateDir}, and a folder the user named is
   * never made behind their back.
   */
  public static void writeAtomically(Path target, byte[] data) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = createPrivateTemp(dir, target.getFileName().toString());
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      fsyncDir(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes the temporary files {@link #writeAtomically} left beside {@code target} when a writer was killed before
   * it could remove them (they may hold secrets). Only for callers holding the lock every writer of {@code target}
   * holds: then no temp file of it is in flight. Temp files of other targets are never touched.
   */
  public static void deleteStaleTemps(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    String prefix = "." + target.getFileName() + ".";
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
      for (Path temp : temps) {
        String name = temp.getFileName().toString();
        // createPrivateTemp's middle part is a random number: anything else (say "a.tokens.b.tokens.123.tmp" for
        // "a.tokens") belongs to another file
        if (name.substring(prefix.length(), name.length() - ".tmp".length()).matches("[0-9]+")) {
          Files.deleteIfExists(temp);
        }
      }
    } catch (NoSuchFileException e) {
      // no folder: no temp files either
    }
  }

  private static Path createPrivateTemp(Path dir, String base) throws IOException {
    if (posix()) {
      return Files.createTempFile(dir, "." + base + ".", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
    }
    return Files.createTempFile(dir, "." + base + ".", ".tmp");
  }

  private static void fsyncDir(Path dir) {
    // Makes the rename itself durable; not every OS lets a directory be opened, and that is fine.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort
    }
  }

  /** Something to run while holding a lock. */
  @FunctionalInterface
  public interface LockedAction<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code action} while holding an exclusive lock on {@code lockFile} (created 0600 if missing), waiting for
   * other threads and processes that hold it.
   */
  public static <T> T withLock(Path lockFile, LockedAction<T> action) throws IOException {
    try (Held ignored = acquire(lockFile)) {
      return action.run();
    }
  }

  /** A held lock; close it to release. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes the lock on {@code lockFile} until the returned handle is closed: for callers whose critical section spans
   * two callbacks (MSAL's before/after cache access).
   */
  public static Held acquire(Path lockFile) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    local.lock();
    try {
      ensurePrivateDir(key.getParent());
      try {
        if (posix()) {
          Files.createFile(key, PosixFilePermissions.asFileAttribute(FILE_MODE));
        } else {
          Files.createFile(key);
        }
      } catch (FileAlreadyExistsException ignored) {
        // already there: fine
      }
      FileChannel ch = FileChannel.open(key, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel(ch);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      return () -> {
        try {
          if (lock != null) {
            lock.release();
          }
          ch.close();
        } catch (IOException ignored) {
          // closing the channel releases the lock anyway
        } finally {
          local.unlock();
        }
      };
    } catch (IOException | RuntimeException e) {
      local.unlock();
      throw e;
    }
  }

  private static FileLock lockChannel(FileChannel ch) throws IOException {
    try {
      return ch.lock();
    } catch (OverlappingFileLockException e) {
      // Re-entrant use by the same thread: the in-process lock already guarantees exclusion.
      return null;
    }
  }

  /** Applies 0600 to an existing file (no-op off POSIX). */
  public static void makePrivate(Path file) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(file, FILE_MODE);
    }
  }
}
