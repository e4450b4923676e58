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
    return flows(context, console, connection, port, context.secrets(console));
  }

  /** With {@code secrets} in place of the chosen store (a profile from the environment reads its secret there). */
  static TokenFlows flows(AppContext context, Console console, ConnectionOptions connection, Integer port,
      SecretStore secrets) {
    ConnectionSettings settings = ConnectionSettings.from(context.env(), connection.timeout, connection.caBundle);
    return new TokenFlows(settings, () -> context.httpsSockets(settings.caBundle()), secrets, context.paths(),
        context.clock(), context.sleeper(),
        new TokenFlows.SignIn(new ConsoleSignInUi(console, context.terminal().stderrIsTerminal(),
            context.verbose()),
            new BrowserOpener(context.env()), port), context.env());
  }
}
