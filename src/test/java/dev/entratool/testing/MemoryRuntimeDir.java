package dev.entratool.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A login session's runtime directory as systemd-logind makes one (0700, on tmpfs), with /dev/shm standing in for
 * /run/user/UID; the test is skipped where there is no /dev/shm on tmpfs. Close it to remove it.
 */
public final class MemoryRuntimeDir implements AutoCloseable {
  public final Path path;

  public MemoryRuntimeDir() throws IOException {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"), "no /dev/shm tmpfs here");
    path = Files.createTempDirectory(shm, "entratool-runtime-test",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  @Override
  public void close() throws IOException {
    EntraFixture.deleteTree(path);
  }
}
