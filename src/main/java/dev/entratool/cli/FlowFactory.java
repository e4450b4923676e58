package dev.entratool.cli;

import dev.entratool.auth.ConnectionSettings;
import dev.entratool.auth.TokenFlows;
import dev.entratool.auth.TokenService;
import dev.entratool.cache.TokenCache;
import dev.entratool.auth.browser.BrowserOpener;
import dev.entratool.console.Console;
import dev.entratool.secret.SecretStore;
import java.util.function.Supplier;

/**
 * Builds the token flows with the command line's sign-in messages. Kept apart from the command classes: picocli
 * loads every command class on start-up, and this wiring would pull the auth classes into commands that need none.
 */
final class FlowFactory {
  private FlowFactory() {}

  /** The token service of a command: its cache, and the flows (made only on a cache miss). */
  static TokenService tokens(AppContext context, Console console, ConnectionOptions connection, Integer port) {
    return tokens(context, console, connection, port, () -> context.secrets(console), true);
  }

  /**
   * @param secrets in place of the chosen store (a profile from the environment reads its secret there), opened
   *     only when a call needs it
   * @param interactive whether a person may be asked to sign in
   */
  static TokenService tokens(AppContext context, Console console, ConnectionOptions connection, Integer port,
      Supplier<SecretStore> secrets, boolean interactive) {
    TokenCache cache = new TokenCache(context.paths(), secrets, context.verbose() ? console::warn : null);
    ConnectionSettings settings = ConnectionSettings.from(context.env(), connection.timeout, connection.caBundle);
    return new TokenService(cache, context.clock(), () -> new TokenFlows(settings,
        () -> context.httpsSockets(settings.caBundle()), secrets.get(), cache, context.clock(), context.sleeper(),
        new TokenFlows.SignIn(new ConsoleSignInUi(console, context.terminal().stderrIsTerminal(),
            context.verbose()), new BrowserOpener(context.env()), port, interactive), context.env()));
  }
}
