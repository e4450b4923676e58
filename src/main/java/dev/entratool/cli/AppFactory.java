package dev.entratool.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Creates command objects, handing {@link AppContext} to those whose constructor takes it. */
final class AppFactory implements CommandLine.IFactory {
  private final AppContext context;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  AppFactory(AppContext context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == AppContext.class) {
        c.setAccessible(true);
        return type.cast(c.newInstance(context));
      }
    }
    return fallback.create(type);
  }
}
