package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.MemoryRuntimeDir;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -o FILE} of get-token, refresh and config export, on the start-up fast path and the full path alike: a
 * character device, a pipe or the process's own open file is written through and stays what it was; a symbolic link
 * to a file, a folder or a file in a missing folder is refused (exit 2) before any request, and left as it was.
 * (Device nodes themselves, /dev/null and /dev/stdout as root: e2e/OutputTargetsIT.)
 */
class OutputTargetsTest {
  static final String PASSPHRASE = "correct horse battery staple";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;
  @TempDir Path dir;
  MemoryRuntimeDir runtime;
  String token;

  @AfterEach
  void close() throws IOException {
    if (runtime != null) {
      runtime.close();
    }
  }

  /**
   * A client-secret profile with a cached token; on the fast path (its entry kept in a runtime directory in
   * memory) or, with ENTRATOOL_NO_FAST_PATH, the full one.
   */
  private CliRunner cli(boolean fast) throws IOException {
    String client = fx.registerSecretApp("out-secret");
    CliRunner cli = fx.cli(home).env("ENTRATOOL_EXPORT_PASSPHRASE", PASSPHRASE);
    if (fast) {
      runtime = new MemoryRuntimeDir();
      cli.env("XDG_RUNTIME_DIR", runtime.path.toString());
    } else {
      cli.env("ENTRATOOL_NO_FAST_PATH", "1");
    }
    fx.createSecretProfile(cli, "sp", client, "out-secret", "https://graph.microsoft.com/.default");
    CliRunner.Result first = cli.run("get-token", "-p", "sp", "--silent");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    token = first.out();
    return cli;
  }

  @ParameterizedTest(name = "fast path: {0}")
  @ValueSource(booleans = {true, false})
  void linksToFilesFoldersAndMissingFoldersAreRefusedBeforeAnyRequest(boolean fast) throws Exception {
    CliRunner cli = cli(fast);
    Path real = Files.writeString(dir.resolve("real.txt"), "keep me\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real);
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling.txt"), dir.resolve("nothing.txt"));
    Path folder = Files.createDirectory(dir.resolve("folder"));
    Path missing = dir.resolve("missing").resolve("token.txt");
    String[][] refusals = {
        {link.toString(), "it is a symbolic link", "Name the file it points to, or another file"},
        {dangling.toString(), "it is a symbolic link", "Name the file it points to, or another file"},
        {folder.toString(), "it is a folder", "Name a file, e.g. " + folder.resolve("token.txt")},
        {missing.toString(), "folder " + missing.getParent() + " does not exist",
            "Create it first (mkdir -p " + missing.getParent() + "), or name a file in an existing folder"}};
    int requests = fx.entra.tokenRequests();
    for (String[] refusal : refusals) {
      for (List<String> command : List.of(List.of("get-token", "-p", "sp"), List.of("get-token", "-p", "sp",
          "--force"), List.of("refresh", "-p", "sp"), List.of("config", "export", "-p", "sp"))) {
        String[] args = Stream.concat(command.stream(), Stream.of("-o", refusal[0])).toArray(String[]::new);
        CliRunner.Result r = cli.run(args);
        assertThat(r).as(String.join(" ", args)).isEqualTo(new CliRunner.Result(2, "",
            "Error: Will not write " + refusal[0] + ": " + refusal[1] + "\nHint: " + refusal[2] + "\n"));
      }
    }
    assertThat(fx.entra.tokenRequests()).as("no token asked for").isEqualTo(requests);
    assertThat(Files.readSymbolicLink(link)).isEqualTo(real);
    assertThat(Files.readString(real)).isEqualTo("keep me\n");
    assertThat(Files.readSymbolicLink(dangling)).isEqualTo(dir.resolve("nothing.txt"));
    assertThat(Files.exists(dangling.resolveSibling("nothing.txt"))).isFalse();
    try (Stream<Path> inFolder = Files.list(folder)) {
      assertThat(inFolder).isEmpty();
    }
    assertThat(missing.getParent()).as("never made behind the user's back").doesNotExist();
  }

  @ParameterizedTest(name = "fast path: {0}")
  @ValueSource(booleans = {true, false})
  void aCharacterDeviceIsWrittenThroughAndKept(boolean fast) throws Exception {
    CliRunner cli = cli(fast);
    // the real /dev/null and /dev/full, through links in a folder of the test's: nothing of /dev is at stake
    Path nul = Files.createSymbolicLink(dir.resolve("null"), Path.of("/dev/null"));
    Path full = Files.createSymbolicLink(dir.resolve("full"), Path.of("/dev/full"));
    CliRunner.Result toNull = cli.run("get-token", "-p", "sp", "-o", nul.toString());
    assertThat(toNull.exitCode()).as(toNull.toString()).isZero();
    assertThat(toNull.out()).isEmpty();
    assertThat(toNull.err()).endsWith("✓ Token saved to " + nul + "\n");
    CliRunner.Result exported = cli.run("config", "export", "-p", "sp", "-o", nul.toString());
    assertThat(exported.exitCode()).as(exported.toString()).isZero();

    for (String[] args : new String[][] {{"get-token", "-p", "sp", "-o", full.toString()},
        {"config", "export", "-p", "sp", "-o", full.toString()}}) {
      CliRunner.Result r = cli.run(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).as(r.toString())
          .contains("Error: Cannot write " + full + ": No space left on device\n")
          .doesNotContain("✓ Token saved").doesNotContain("✓ Exported");
    }
    for (Path link : List.of(nul, full)) {
      assertThat(Files.isSymbolicLink(link)).as(link + " kept").isTrue();
    }
    assertThat(Files.readSymbolicLink(nul)).isEqualTo(Path.of("/dev/null"));
  }

  @ParameterizedTest(name = "fast path: {0}")
  @ValueSource(booleans = {true, false})
  void aPipeIsWrittenThroughAndKept(boolean fast) throws Exception {
    CliRunner cli = cli(fast);
    Path pipe = dir.resolve("pipe");
    assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
    for (List<String> command : List.of(List.of("get-token", "-p", "sp"), List.of("config", "export", "-p", "sp"))) {
      CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
        try {
          return Files.readString(pipe); // waits for a writer
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      String[] args = Stream.concat(command.stream(), Stream.of("-o", pipe.toString())).toArray(String[]::new);
      CliRunner.Result r = cli.run(args);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      String read = reader.get(30, TimeUnit.SECONDS);
      if (command.get(0).equals("get-token")) {
        assertThat(read).isEqualTo(token);
      } else {
        assertThat(read).startsWith("-----BEGIN ENTRATOOL PROFILES-----");
      }
      assertThat(Files.readAttributes(pipe, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
          .as("still a pipe").isTrue();
    }
  }

  /** {@code -o /dev/stdout > file}, in-process: this JVM's own open file, named by its /proc/self/fd entry. */
  @ParameterizedTest(name = "fast path: {0}")
  @ValueSource(booleans = {true, false})
  void theProcessOwnOpenFileIsWrittenThroughAndAppendedTo(boolean fast) throws Exception {
    CliRunner cli = cli(fast);
    Path file = dir.resolve("stdout.txt");
    try (FileOutputStream stream = new FileOutputStream(file.toFile())) {
      stream.write("earlier output\n".getBytes(StandardCharsets.UTF_8));
      Path fd = openDescriptor(file);
      CliRunner.Result r = cli.run("get-token", "-p", "sp", "-o", fd.toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(Files.readString(file)).isEqualTo("earlier output\n" + token);
      assertThat(Files.isSymbolicLink(fd)).isTrue();
    }
  }

  /** The /proc/self/fd entry of this process's open {@code file}. */
  private static Path openDescriptor(Path file) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          if (Files.readSymbolicLink(fd).equals(file.toRealPath())) {
            return Path.of("/proc/self/fd").resolve(fd.getFileName());
          }
        } catch (IOException e) {
          // closed while listed (the listing's own descriptor)
        }
      }
    }
    throw new IllegalStateException("no descriptor for " + file);
  }

  @Test
  void aRegularFileIsStillReplacedAtomicallyWithMode600() throws Exception {
    CliRunner cli = cli(false);
    Path file = Files.writeString(dir.resolve("token.txt"), "old token\n");
    CliRunner.Result r = cli.run("get-token", "-p", "sp", "-o", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.readString(file)).isEqualTo(token);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("no temporary file left").containsExactly(file);
    }
  }
}
