package dev.entratool.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.testing.MemoryRuntimeDir;
import dev.entratool.testing.MemorySecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fast-path tokens go to the runtime directory only while it is private memory; nothing else is trusted there. */
class SessionTierTest {
  private static final String ENTRY = "entratool-fast-token-v1\nclient=c\nauthority=a\nuser=false\nscopes=s\n"
      + "expires=1\ntoken=t\n";

  @TempDir Path home;

  private static SessionTier.Entry entry(String text) {
    return SessionTier.Entry.parse(text).orElseThrow();
  }
  private MemoryRuntimeDir runtime;
  private Path memory;

  private void inMemory() throws IOException {
    runtime = new MemoryRuntimeDir();
    memory = runtime.path;
  }

  @AfterEach
  void removeMemoryDir() throws IOException {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void anEntryIsKeptPrivatelyInMemoryAndRemovedWithTheProfile() throws IOException {
    inMemory();
    SessionTier tokens = SessionTier.of(new AppPaths(home, memory)).orElseThrow();
    assertThat(tokens.read("ci")).isEmpty();

    assertThat(tokens.write("ci", entry(ENTRY))).isTrue();
    assertThat(tokens.read("ci").map(SessionTier.Entry::format)).contains(ENTRY);
    Path folder = memory.resolve("entratool").resolve(SessionTier.homeId(home));
    assertThat(tokens.fileFor("ci")).isEqualTo(folder.resolve("ci.access-token"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens.fileFor("ci"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(memory.resolve("entratool"))))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    assertThat(tokens.write("ci", entry(ENTRY.replace("token=t", "token=u")))).isTrue();
    assertThat(tokens.read("ci").map(SessionTier.Entry::format)).contains(ENTRY.replace("token=t", "token=u"));
    assertThat(tokens.read("other")).isEmpty();

    new TokenCache(new AppPaths(home, memory), MemorySecrets::new).forget("ci");
    assertThat(tokens.read("ci")).isEmpty();
    try (Stream<Path> left = Files.list(folder)) {
      assertThat(left).as("nothing left behind").isEmpty();
    }
  }

  @Test
  void eachHomeHasItsOwnFolderNamedByItsPath() {
    assertThat(SessionTier.homeId(Path.of("/home/u/.entratool"))).hasSize(16).matches("[0-9a-f]{16}")
        .isNotEqualTo(SessionTier.homeId(Path.of("/home/u/other")))
        .isEqualTo(SessionTier.homeId(Path.of("/home/u/x/../.entratool")));
  }

  @Test
  void aRuntimeDirectoryOthersCanEnterIsNotUsed() throws IOException {
    inMemory();
    Files.setPosixFilePermissions(memory, PosixFilePermissions.fromString("rwxr-xr-x"));
    SessionTier tokens = SessionTier.of(new AppPaths(home, memory)).orElseThrow();
    assertThat(tokens.write("ci", entry(ENTRY))).isFalse();
    assertThat(memory.resolve("entratool")).doesNotExist();
  }

  @Test
  void aRuntimeDirectoryOnDiskIsNotUsed() throws IOException {
    Path disk = Files.createDirectory(home.resolve("run"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    assumeTrue(!Files.getFileStore(disk).type().equals("tmpfs"), "the temp folder is in memory here");
    SessionTier tokens = SessionTier.of(new AppPaths(home, disk)).orElseThrow();
    assertThat(tokens.write("ci", entry(ENTRY))).isFalse();
    assertThat(disk.resolve("entratool")).doesNotExist();
    assertThat(tokens.read("ci")).isEmpty();
  }

  @Test
  void aMissingOrRelativeRuntimeDirectoryMeansNone() {
    assertThat(SessionTier.of(AppPaths.from(Environment.of(Map.of("ENTRATOOL_HOME", home.toString())))))
        .isEmpty();
    assertThat(SessionTier.of(AppPaths.from(Environment.of(Map.of("ENTRATOOL_HOME", home.toString(),
        "XDG_RUNTIME_DIR", "run/user/1000"))))).isEmpty();
    assertThat(AppPaths.from(Environment.of(Map.of("ENTRATOOL_HOME", home.toString(), "XDG_RUNTIME_DIR",
        "/run/user/1000"))).runtimeDir()).isEqualTo(Path.of("/run/user/1000"));
  }
}
