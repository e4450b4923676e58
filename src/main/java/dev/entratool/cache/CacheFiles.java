package dev.entratool.cache;

import dev.entratool.platform.AppPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a profile's token cache lives: one encrypted file per profile under {@code <home>/cache}. */
public final class CacheFiles {
  private CacheFiles() {}

  public static Path fileFor(AppPaths paths, String profile) {
    return paths.cacheDir().resolve(profile + ".tokens");
  }

  /** The lock beside a file of tokens (the cache file, or a runtime-directory entry). */
  static Path lockFor(Path cacheFile) {
    return cacheFile.resolveSibling(cacheFile.getFileName() + ".lock");
  }

  static Path fetchLockFor(Path cacheFile) {
    return cacheFile.resolveSibling(cacheFile.getFileName() + ".fetch.lock");
  }

  /** Removes the profile's cached tokens, its runtime-directory entry included; true if the cache file existed. */
  public static boolean delete(AppPaths paths, String profile) throws IOException {
    Optional<RuntimeDirTokens> runtime = RuntimeDirTokens.of(paths);
    if (runtime.isPresent()) {
      runtime.get().delete(profile);
    }
    Path file = fileFor(paths, profile);
    Files.deleteIfExists(lockFor(file));
    Files.deleteIfExists(fetchLockFor(file));
    return Files.deleteIfExists(file);
  }
}
