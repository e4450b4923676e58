package dev.entratool.cache;

import dev.entratool.platform.AppPaths;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
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

  /**
   * Removes every tier of the profile's cached tokens: the encrypted cache file, the runtime-directory entry and the
   * fast-path entry in the secret store (the cache key stays: it secures no token once the file is gone).
   */
  public static void forget(AppPaths paths, SecretStore secrets, String profile) throws IOException {
    delete(paths, profile);
    secrets.delete(profile, SecretKind.FAST_TOKEN);
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
