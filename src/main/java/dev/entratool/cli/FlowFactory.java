package dev.entratool.cli;

import dev.entratool.auth.ConnectionSettings;
import dev.entratool.auth.TokenFlows;
import dev.entratool.auth.browser.BrowserOpener;
import dev.entratool.console.Console;
import dev.entratool.secret.SecretStore;

/**
 * Builds the token flows with the command line's sign-in messages. Kept apart from the command classes: picocli
 * loads every command class on start-up, and this wiring would pull the auth classes into commands that need none.
 */
final class FlowFactory {
  private FlowFactory() {}

  static TokenFlows flows(AppContext context, Console console, ConnectionOptions connection, Integer port) {
    return flows(context, console, connection, port, context.secrets(console), true);
  }

  /**
   * @param secrets in place of the chosen store (a profile from the environment reads its secret there)
   * @param interactive whether a person may be asked to sign in
   */
  static TokenFlows flows(AppContext context, Console console, ConnectionOptions connection, Integer port,
      SecretStore secrets, boolean interactive) {
    ConnectionSettings settings = ConnectionSettings.from(context.env(), connection.timeout, connection.caBundle);
    return new TokenFlows(settings, () -> context.httpsSockets(settings.caBundle()), secrets, context.paths(),
        context.clock(), context.sleeper(),
        new TokenFlows.SignIn(new ConsoleSignInUi(console, context.terminal().stderrIsTerminal(),
            context.verbose()),
            new BrowserOpener(context.env()), port, interactive), context.env());
  }
}
