package dev.entratool.platform;

import java.util.Map;
import java.util.Optional;

/** Read-only view of environment variables, injected so tests control it. */
public interface Environment {
  Optional<String> get(String name);

  static Environment system() {
    return name -> Optional.ofNullable(System.getenv(name)).filter(v -> !v.isEmpty());
  }

  static Environment of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return name -> Optional.ofNullable(copy.get(name)).filter(v -> !v.isEmpty());
  }
}
