package dev.entratool.platform;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where entratool keeps its files: {@code ENTRATOOL_HOME}, else {@code ~/.entratool}; the login session's runtime
 * directory ({@code XDG_RUNTIME_DIR}, null when unset or relative, which the XDG spec says to ignore); and the memory
 * file system that stands in for it where there is none ({@code ENTRATOOL_SHM_DIR}, else {@code /dev/shm}; null for
 * none).
 */
public record AppPaths(Path home, Path runtimeDir, Path memoryDir) {
  /** Without a memory file system: what tests use unless they give one of their own. */
  public AppPaths(Path home, Path runtimeDir) {
    this(home, runtimeDir, null);
  }

  public static AppPaths from(Environment env) {
    Optional<String> home = env.get("ENTRATOOL_HOME"); // no lambdas here: see Environment
    Optional<String> runtime = env.get("XDG_RUNTIME_DIR");
    Optional<String> memory = env.get("ENTRATOOL_SHM_DIR");
    return new AppPaths((home.isPresent() ? Path.of(home.get()) : Path.of(System.getProperty("user.home"),
        ".entratool")).toAbsolutePath(),
        runtime.isPresent() && runtime.get().startsWith("/") ? Path.of(runtime.get()) : null,
        memory.isEmpty() ? Path.of("/dev/shm") : memory.get().startsWith("/") ? Path.of(memory.get()) : null);
  }

  public Path profilesFile() {
    return home.resolve("profiles.json");
  }

  public Path cacheDir() {
    return home.resolve("cache");
  }

  public Path vaultFile() {
    return home.resolve("secrets.vault");
  }

  public Path vaultKeyFile() {
    return home.resolve("secrets.key");
  }
}
