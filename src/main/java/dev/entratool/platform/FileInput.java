package dev.entratool.platform;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens files for the start-up fast path's reads (token files, profiles.json, runtime-directory entries). */
public final class FileInput {
  private FileInput() {}

  /**
   * A FileInputStream where the JVM has loaded it already: Files.newInputStream starts NIO's channels (some 25
   * classes and two native libraries, about 2.5 ms of a discover). Not on Windows, where FileInputStream does not
   * share delete access, so another process's atomic replace of the file (SecureFiles.writeAtomically) would fail
   * while it is read. When the open fails, NIO opens the file again to name the reason precisely
   * (NoSuchFileException, AccessDeniedException), or to succeed if the file has just appeared.
   */
  public static InputStream open(Path file) throws IOException {
    if (File.separatorChar == '\\') {
      return Files.newInputStream(file);
    }
    try {
      return new FileInputStream(file.toFile());
    } catch (FileNotFoundException e) {
      return Files.newInputStream(file);
    }
  }
}
