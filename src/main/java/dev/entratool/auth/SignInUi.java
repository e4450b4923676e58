package dev.entratool.auth;

/** What a person getting a token is shown; the command line implements it on stderr. */
public interface SignInUi {
  /** The device-code block: where to go and which code to enter. */
  void deviceCode(String verificationUri, String userCode);

  /** Waiting for the person (device code): a live timer on a terminal. */
  void waiting();

  /** The wait is over, whichever way. */
  void doneWaiting();

  void openingBrowser();

  /** The loopback redirect URI the authorization-code flow listens on. */
  void redirectUri(String uri);

  /** No browser could be started: show the URL to open by hand. */
  void openManually(String url);

  void authorizationCodeReceived();

  void authenticated();

  /** The token is good but the cache could not keep it: {@code why} names the file and the cause. */
  void notCached(String why);

  /** A detail for --verbose only, e.g. which managed identity source answered. */
  void detail(String line);
}
