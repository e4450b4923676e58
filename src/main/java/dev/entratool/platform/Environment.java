package dev.entratool.platform;

import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of environment variables, injected so tests control it. An empty value counts as unset. Classes,
 * not lambdas: the first lambda of a run starts the JDK's lambda machinery, a cost every command would pay.
 */
public interface Environment {
  Optional<String> get(String name);

  static Environment system() {
    return new Environment() {
      @Override
      public Optional<String> get(String name) {
        return nonEmpty(System.getenv(name));
      }
    };
  }

  static Environment of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return new Environment() {
      @Override
      public Optional<String> get(String name) {
        return nonEmpty(copy.get(name));
      }
    };
  }

  private static Optional<String> nonEmpty(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
