package dev.entratool.platform;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where entratool keeps its files: {@code ENTRATOOL_HOME}, else {@code ~/.entratool}; and the login session's runtime
 * directory ({@code XDG_RUNTIME_DIR}, null when unset or relative, which the XDG spec says to ignore).
 */
public record AppPaths(Path home, Path runtimeDir) {
  public static AppPaths from(Environment env) {
    Optional<String> home = env.get("ENTRATOOL_HOME"); // no lambdas here: see Environment
    Optional<String> runtime = env.get("XDG_RUNTIME_DIR");
    return new AppPaths((home.isPresent() ? Path.of(home.get()) : Path.of(System.getProperty("user.home"),
        ".entratool")).toAbsolutePath(),
        runtime.isPresent() && runtime.get().startsWith("/") ? Path.of(runtime.get()) : null);
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
