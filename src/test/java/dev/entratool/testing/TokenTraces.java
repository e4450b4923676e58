package dev.entratool.testing;

import dev.entratool.platform.AppPaths;
import dev.entratool.platform.Environment;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import dev.entratool.secret.SecretStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every place entratool could have left a token for a run with this environment: the files under ENTRATOOL_HOME/cache,
 * the entries under the runtime directory and the memory folder (ENTRATOOL_SHM_DIR), and each secret-store item of
 * the named profiles (read through the store the environment chooses, so an encrypted vault is searched decrypted).
 */
public final class TokenTraces {
  private TokenTraces() {}

  /** Where {@code token} is found: each a file path or a secret-store account; empty when nowhere. */
  public static List<String> of(String token, Map<String, String> environment, String... profiles)
      throws IOException {
    Environment env = Environment.of(environment);
    AppPaths paths = AppPaths.from(env);
    List<String> found = new ArrayList<>();
    search(paths.cacheDir(), token, found);
    if (paths.runtimeDir() != null) {
      search(paths.runtimeDir(), token, found);
    }
    if (paths.memoryDir() != null) {
      search(paths.memoryDir(), token, found);
    }
    SecretStore store = SecretStores.select(env, paths, notice -> { });
    for (String profile : profiles) {
      for (SecretKind kind : SecretKind.values()) {
        Optional<String> item = store.read(profile, kind);
        if (item.isPresent() && item.get().contains(token)) {
          found.add(kind.account(profile));
        }
      }
    }
    return found;
  }

  private static void search(Path dir, String token, List<String> found) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    byte[] needle = token.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(f), needle) >= 0) {
          found.add(f.toString());
        }
      }
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
