package dev.entratool.platform;

import java.nio.file.Path;
import java.util.Optional;

/** Where entratool keeps its files: {@code ENTRATOOL_HOME}, else {@code ~/.entratool}. */
public record AppPaths(Path home) {
  public static AppPaths from(Environment env) {
    Optional<String> home = env.get("ENTRATOOL_HOME"); // no lambdas here: see Environment
    return new AppPaths((home.isPresent() ? Path.of(home.get()) : Path.of(System.getProperty("user.home"),
        ".entratool")).toAbsolutePath());
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
