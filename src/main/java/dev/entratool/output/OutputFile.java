package dev.entratool.output;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.SecureFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file the user named for a command's result ({@code -o FILE}). A regular file, or a new one in an existing
 * folder, is replaced atomically with mode 0600. A character device, a pipe (FIFO), or the process's own stream
 * ({@code /dev/stdout}, {@code /dev/fd/N}, {@code /proc/self/fd/N}) is opened and written, never replaced: renaming
 * a file over {@code /dev/null} as root would swap the device for a file holding the token. Anything else (a folder,
 * a block device, a socket, a symbolic link to a file, a missing folder) is refused before anything is written.
 */
public final class OutputFile {
  // The file-type bits of a Unix mode (S_IFMT) and the two types written through.
  private static final int TYPE_MASK = 0170000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int FIFO = 0010000;
  private static final int MAX_LINK_HOPS = 40;

  private OutputFile() {}

  /** Refuses (exit 2, with a hint) a file that {@link #write} would refuse, before any work is done for it. */
  public static void check(Path file) {
    writesThrough(file);
  }

  /** Writes {@code data} to {@code file} as the class comment says; exit 2 when refused, 1 when writing fails. */
  public static void write(Path file, byte[] data) {
    boolean through = writesThrough(file);
    try {
      if (through) {
        // no CREATE: what was checked must still be there; APPEND: a stream redirected with >> is not cut short
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
          ByteBuffer buf = ByteBuffer.wrap(data);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
      } else {
        SecureFiles.writeAtomically(file, data);
      }
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot write " + file + ": " + reason(e),
          "Check that there is space and that you may write there, or leave out -o to print to stdout", e);
    }
  }

  /** True to open and write {@code file}, false to replace it atomically; refuses what is neither. */
  private static boolean writesThrough(Path file) {
    if (ownStream(file)) {
      return true;
    }
    BasicFileAttributes entry;
    try {
      entry = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      Path folder = file.toAbsolutePath().getParent();
      if (folder != null && !Files.isDirectory(folder)) {
        throw refused(file, "folder " + folder + " does not exist",
            "Create it first (mkdir -p " + folder + "), or name a file in an existing folder");
      }
      return false;
    } catch (IOException e) {
      throw refused(file, reason(e), "Name a file you may write");
    }
    if (entry.isSymbolicLink()) {
      if (writableDevice(file, true)) {
        return true;
      }
      // replacing the link would surprise, writing through it could be steered by whoever made it: neither
      throw refused(file, "it is a symbolic link", "Name the file it points to, or another file");
    }
    if (entry.isRegularFile()) {
      return false;
    }
    if (entry.isDirectory()) {
      throw refused(file, "it is a folder", "Name a file, e.g. " + file.resolve("token.txt"));
    }
    if (writableDevice(file, false)) {
      return true;
    }
    throw refused(file, "it is neither a file, a character device nor a pipe", "Name a file");
  }

  /** A character device or a FIFO (following a link when asked); false for anything else or unknown. */
  private static boolean writableDevice(Path file, boolean followLink) {
    try {
      Object mode = followLink ? Files.getAttribute(file, "unix:mode")
          : Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      int type = (Integer) mode & TYPE_MASK;
      return type == CHARACTER_DEVICE || type == FIFO;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false; // a dangling link, or no Unix file types here
    }
  }

  /**
   * A path to one of this process's open files: {@code /dev/stdout} and the like, reached through links or named
   * directly. The user handed the process that stream, so it is written, whatever file it is.
   */
  private static boolean ownStream(Path file) {
    Path path = file.toAbsolutePath().normalize();
    Path[] streamFolders = {Path.of("/dev/fd"), Path.of("/proc/self/fd"), Path.of("/proc/thread-self/fd"),
        Path.of("/proc/" + ProcessHandle.current().pid() + "/fd")};
    for (int hops = 0; hops < MAX_LINK_HOPS; hops++) {
      for (Path folder : streamFolders) {
        if (path.startsWith(folder) && path.getNameCount() == folder.getNameCount() + 1) {
          return true;
        }
      }
      try {
        if (!Files.isSymbolicLink(path)) {
          return false;
        }
        Path target = Files.readSymbolicLink(path);
        path = (target.isAbsolute() ? target : path.resolveSibling(target)).normalize();
      } catch (IOException | UnsupportedOperationException | InvalidPathException e) {
        return false;
      }
    }
    return false;
  }

  private static EntraToolException refused(Path file, String why, String hint) {
    return new EntraToolException(ExitCode.USAGE, "Will not write " + file + ": " + why, hint);
  }

  /** The operating system's words for a failed file operation, without the Java exception's class name. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
