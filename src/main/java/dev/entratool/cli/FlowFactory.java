package dev.entratool.cli;

import dev.entratool.auth.ConnectionSettings;
import dev.entratool.auth.TokenFlows;
import dev.entratool.auth.TokenService;
import dev.entratool.cache.TokenCache;
import dev.entratool.auth.browser.BrowserOpener;
import dev.entratool.console.Console;

/**
 * Builds the token flows with the command line's sign-in messages. Kept apart from the command classes: picocli
 * loads every command class on start-up, and this wiring would pull the auth classes into commands that need none.
 */
final class FlowFactory {
  private FlowFactory() {}

  /** The token service of a command: its cache, and the flows (made only on a cache miss). */
  static TokenService tokens(AppContext context, Console console, ConnectionOptions connection, Integer port) {
    TokenCache cache = new TokenCache(context.paths(), () -> context.secrets(console),
        context.verbose() ? console::warn : null);
    return new TokenService(cache, context.clock(), () -> flows(context, console, connection, port, cache));
  }

  private static TokenFlows flows(AppContext context, Console console, ConnectionOptions connection, Integer port,
      TokenCache cache) {
    return new TokenFlows(ConnectionSettings.from(context.env(), connection.timeout, connection.caBundle),
        context.tls(), context.secrets(console), cache, context.clock(), context.sleeper(),
        new TokenFlows.SignIn(new ConsoleSignInUi(console, context.terminal().stderrIsTerminal()),
            new BrowserOpener(context.env()), port));
  }
}
