package dev.entratool.cache;

import dev.entratool.platform.AppPaths;
import java.nio.file.Path;

/** Where a profile's token cache lives: one encrypted file per profile under {@code <home>/cache}. */
final class CacheFiles {
  private CacheFiles() {}

  static Path fileFor(AppPaths paths, String profile) {
    return paths.cacheDir().resolve(profile + ".tokens");
  }

  /** The lock beside a file of tokens (the cache file, or a runtime-directory entry). */
  static Path lockFor(Path cacheFile) {
    return cacheFile.resolveSibling(cacheFile.getFileName() + ".lock");
  }

  static Path fetchLockFor(Path cacheFile) {
    return cacheFile.resolveSibling(cacheFile.getFileName() + ".fetch.lock");
  }
}
