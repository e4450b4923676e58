package dev.entratool.platform;

import java.nio.file.Path;

/** Where entratool keeps its files: {@code ENTRATOOL_HOME}, else {@code ~/.entratool}. */
public record AppPaths(Path home) {
  public static AppPaths from(Environment env) {
    return new AppPaths(
        env.get("ENTRATOOL_HOME")
            .map(Path::of)
            .orElseGet(() -> Path.of(System.getProperty("user.home"), ".entratool"))
            .toAbsolutePath());
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
