package dev.entratool.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.testing.MemoryRuntimeDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session entries go to the runtime directory while it is private memory, else to this user's private folder on the
 * memory file system (a test folder here, never the real /dev/shm); nothing else is trusted, for writing or reading.
 */
class SessionTierTest {
  private static final String ENTRY = "entratool-fast-token-v2\nclient=c\nauthority=a\nuser=false\nscopes=s\n"
      + "origin=\nexpires=1\ntoken=t\n";

  @TempDir Path home;
  private MemoryRuntimeDir runtime;
  private MemoryRuntimeDir shm;

  private static SessionTier.Entry entry(String text) {
    return SessionTier.Entry.parse(text).orElseThrow();
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  /** This user's folder in the test's memory file system. */
  private Path mine() throws IOException {
    return shm.path.resolve("entratool-" + Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
  }

  @AfterEach
  void removeMemoryDirs() throws IOException {
    for (MemoryRuntimeDir dir : new MemoryRuntimeDir[] {runtime, shm}) {
      if (dir != null) {
        dir.close();
      }
    }
  }

  @Test
  void anEntryIsKeptPrivatelyInTheRuntimeDirectoryAndRemovedWithTheProfile() throws Exception {
    runtime = new MemoryRuntimeDir();
    shm = new MemoryRuntimeDir();
    SessionTier tier = new SessionTier(new AppPaths(home, runtime.path, shm.path));
    assertThat(tier.read("ci")).isEmpty();

    Path folder = runtime.path.resolve("entratool").resolve(SessionTier.homeId(home));
    assertThat(tier.write("ci", entry(ENTRY))).isEqualTo(folder.resolve("ci.access-token"));
    assertThat(tier.read("ci").map(SessionTier.Entry::format)).contains(ENTRY);
    assertThat(tier.runtimeFile("ci")).contains(folder.resolve("ci.access-token"));
    assertThat(mode(folder.resolve("ci.access-token"))).isEqualTo("rw-------");
    assertThat(mode(runtime.path.resolve("entratool"))).isEqualTo("rwx------");
    assertThat(mode(folder)).isEqualTo("rwx------");
    tier.write("ci", entry(ENTRY.replace("token=t", "token=u")));
    assertThat(tier.read("ci").map(SessionTier.Entry::format)).contains(ENTRY.replace("token=t", "token=u"));
    assertThat(tier.read("other")).isEmpty();
    assertThat(mine()).as("the memory file system is only for sessions without one").doesNotExist();

    new TokenCache(new AppPaths(home, runtime.path, shm.path), dev.entratool.testing.MemorySecrets::new).forget("ci");
    assertThat(tier.read("ci")).isEmpty();
    try (Stream<Path> left = Files.list(folder)) {
      assertThat(left).as("nothing left behind").isEmpty();
    }
  }

  @Test
  void withoutARuntimeDirectoryTheEntryGoesToThisUsersPrivateFolderInMemory() throws Exception {
    shm = new MemoryRuntimeDir();
    SessionTier tier = new SessionTier(new AppPaths(home, null, shm.path));
    Path file = mine().resolve(SessionTier.homeId(home)).resolve("ci.access-token");
    assertThat(tier.write("ci", entry(ENTRY))).isEqualTo(file);
    assertThat(mode(mine())).isEqualTo("rwx------");
    assertThat(mode(file.getParent())).isEqualTo("rwx------");
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(new SessionTier(new AppPaths(home, null, shm.path)).read("ci").map(SessionTier.Entry::format))
        .as("read by the next run").contains(ENTRY);
    assertThat(new SessionTier(new AppPaths(home.resolve("other"), null, shm.path)).read("ci"))
        .as("another home's").isEmpty();

    tier.delete("ci");
    assertThat(file).doesNotExist();
    assertThat(tier.read("ci")).isEmpty();
  }

  @Test
  void aRuntimeDirectoryOnDiskOrOpenToOthersLeavesTheEntryToTheMemoryFolder() throws Exception {
    shm = new MemoryRuntimeDir();
    Path disk = Files.createDirectory(home.resolve("run"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    assumeTrue(!Files.getFileStore(disk).type().equals("tmpfs"), "the temp folder is in memory here");
    runtime = new MemoryRuntimeDir();
    Files.setPosixFilePermissions(runtime.path, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path runtimeDir : List.of(disk, runtime.path)) {
      SessionTier tier = new SessionTier(new AppPaths(home, runtimeDir, shm.path));
      assertThat(tier.write("ci", entry(ENTRY))).as(runtimeDir.toString()).startsWith(mine());
      assertThat(runtimeDir.resolve("entratool")).doesNotExist();
      assertThat(tier.read("ci").map(SessionTier.Entry::format)).contains(ENTRY);
      tier.delete("ci");
      assertThat(tier.read("ci")).isEmpty();
    }
  }

  /**
   * Anyone can make {@code entratool-UID} in the shared /dev/shm before this user does: a folder that is not this
   * user's, private, real folder is refused (nothing written, and a token planted there is never handed out).
   */
  @ParameterizedTest
  @ValueSource(strings = {"open", "link", "file", "other-owner"})
  void aSquattedMemoryFolderIsNeitherWrittenNorRead(String squat) throws Exception {
    shm = new MemoryRuntimeDir();
    Path mine = mine();
    Path planted = Files.createDirectories(home.resolve("planted").resolve(SessionTier.homeId(home)));
    Files.writeString(planted.resolve("ci.access-token"), ENTRY);
    switch (squat) {
      case "open" -> {
        Files.createDirectories(mine.resolve(SessionTier.homeId(home)));
        Files.writeString(mine.resolve(SessionTier.homeId(home)).resolve("ci.access-token"), ENTRY);
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
      case "link" -> {
        Files.setPosixFilePermissions(home.resolve("planted"), PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(mine, home.resolve("planted"));
      }
      case "file" -> Files.writeString(mine, ENTRY);
      default -> {
        Files.createDirectories(mine.resolve(SessionTier.homeId(home)));
        Files.writeString(mine.resolve(SessionTier.homeId(home)).resolve("ci.access-token"), ENTRY);
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwx------"));
        try {
          Files.setAttribute(mine, "unix:uid", 65534);
        } catch (IOException e) {
          assumeTrue(false, "only root can give a folder away");
        }
      }
    }
    List<String> before = listing(mine);
    SessionTier tier = new SessionTier(new AppPaths(home, null, shm.path));

    assertThat(tier.read("ci")).as("a planted token is not handed out").isEmpty();
    assertThatThrownBy(() -> tier.write("ci", entry(ENTRY.replace("token=t", "token=mine"))))
        .isInstanceOf(SessionTier.Refused.class).hasMessageContaining(mine.toString());
    tier.delete("ci");
    assertThat(listing(mine)).as("nothing written or deleted there").isEqualTo(before);
    assertThat(Files.readString(planted.resolve("ci.access-token"))).isEqualTo(ENTRY);
  }

  /** What a folder (or a file) holds, file by file with its content. */
  private static List<String> listing(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(Files.readString(path));
    }
    try (Stream<Path> files = Files.walk(path)) {
      return files.sorted().map(f -> {
        try {
          return f + (Files.isRegularFile(f) ? "=" + Files.readString(f) : "");
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).toList();
    }
  }

  @Test
  void aMemoryFileSystemThatIsOnDiskOrMissingKeepsNoEntry() throws Exception {
    Path disk = Files.createDirectory(home.resolve("shm"));
    assumeTrue(!Files.getFileStore(disk).type().equals("tmpfs"), "the temp folder is in memory here");
    SessionTier onDisk = new SessionTier(new AppPaths(home, null, disk));
    assertThatThrownBy(() -> onDisk.write("ci", entry(ENTRY))).isInstanceOf(SessionTier.Refused.class)
        .hasMessageContaining("not on a file system in memory");
    try (Stream<Path> left = Files.walk(disk)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
    SessionTier none = new SessionTier(new AppPaths(home, null, home.resolve("missing")));
    assertThatThrownBy(() -> none.write("ci", entry(ENTRY))).isInstanceOf(SessionTier.Refused.class)
        .hasMessageContaining("XDG_RUNTIME_DIR is not set");
    assertThat(home.resolve("missing")).doesNotExist();
    assertThatThrownBy(() -> new SessionTier(new AppPaths(home, null)).write("ci", entry(ENTRY)))
        .isInstanceOf(SessionTier.Refused.class);
  }

  @Test
  void eachHomeHasItsOwnFolderNamedByItsPath() {
    assertThat(SessionTier.homeId(Path.of("/home/u/.entratool"))).hasSize(16).matches("[0-9a-f]{16}")
        .isNotEqualTo(SessionTier.homeId(Path.of("/home/u/other")))
        .isEqualTo(SessionTier.homeId(Path.of("/home/u/x/../.entratool")));
  }

  @Test
  void theFoldersComeFromTheEnvironment() {
    AppPaths unset = AppPaths.from(Environment.of(Map.of("ENTRATOOL_HOME", home.toString())));
    assertThat(unset.runtimeDir()).isNull();
    assertThat(unset.memoryDir()).isEqualTo(Path.of("/dev/shm"));
    AppPaths relative = AppPaths.from(Environment.of(Map.of("ENTRATOOL_HOME", home.toString(),
        "XDG_RUNTIME_DIR", "run/user/1000", "ENTRATOOL_SHM_DIR", "shm")));
    assertThat(relative.runtimeDir()).isNull();
    assertThat(relative.memoryDir()).isNull();
    AppPaths set = AppPaths.from(Environment.of(Map.of("ENTRATOOL_HOME", home.toString(), "XDG_RUNTIME_DIR",
        "/run/user/1000", "ENTRATOOL_SHM_DIR", "/run/shm")));
    assertThat(set.runtimeDir()).isEqualTo(Path.of("/run/user/1000"));
    assertThat(set.memoryDir()).isEqualTo(Path.of("/run/shm"));
  }
}
