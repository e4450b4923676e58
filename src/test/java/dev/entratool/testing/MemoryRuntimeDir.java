package dev.entratool.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.entratool.cache.TokenCache;
import dev.entratool.platform.AppPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * A login session's runtime directory as systemd-logind makes one (0700, on tmpfs), with /dev/shm standing in for
 * /run/user/UID; or, given as {@code ENTRATOOL_SHM_DIR}, a memory file system of the test's own in place of the
 * user's real /dev/shm. The test is skipped where there is no /dev/shm on tmpfs. Close it to remove it.
 */
public final class MemoryRuntimeDir implements AutoCloseable {
  public final Path path;

  public MemoryRuntimeDir() throws IOException {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"), "no /dev/shm tmpfs here");
    path = Files.createTempDirectory(shm, "entratool-runtime-test",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /** Where the token cache keeps {@code profile}'s entry for the home {@code home} in this runtime directory. */
  public Path entry(Path home, String profile) {
    return new TokenCache(new AppPaths(home.toAbsolutePath(), path)).sessionFile(profile).orElseThrow();
  }

  /**
   * The session entries of {@code profile} (any home) that the token cache made in this folder used as the memory
   * file system ({@code ENTRATOOL_SHM_DIR}): {@code entratool-UID/HOME-ID/PROFILE.access-token}.
   */
  public List<Path> memoryEntries(String profile) throws IOException {
    try (Stream<Path> files = Files.walk(path)) {
      return files.filter(f -> f.getFileName().toString().equals(profile + ".access-token")
          && f.getParent().getParent().getFileName().toString().startsWith("entratool-")).toList();
    }
  }

  @Override
  public void close() throws IOException {
    EntraFixture.deleteTree(path);
  }
}
