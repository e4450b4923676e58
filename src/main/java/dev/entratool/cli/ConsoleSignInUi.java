package dev.entratool.cli;

import dev.entratool.auth.SignInUi;
import dev.entratool.console.Console;
import dev.entratool.console.PrintableText;

/**
 * Sign-in messages on stderr, in the user guide's words. What a person must act on (the device code, a URL to open
 * by hand) shows even with --silent.
 */
final class ConsoleSignInUi implements SignInUi {
  private final Console console;
  private final boolean terminal;
  private final boolean verbose;
  private Thread timer;

  ConsoleSignInUi(Console console, boolean stderrIsTerminal, boolean verbose) {
    this.console = console;
    this.terminal = stderrIsTerminal;
    this.verbose = verbose;
  }

  @Override
  public void detail(String line) {
    if (verbose) {
      console.warn(line);
    }
  }

  @Override
  public void deviceCode(String verificationUri, String userCode) {
    console.warn("Device Code Authentication");
    console.warn("To sign in, use a web browser to open:");
    console.warn("  " + PrintableText.of(verificationUri)); // both come from the server
    console.warn("and enter the code: " + PrintableText.of(userCode));
    console.warn("");
  }

  @Override
  public synchronized void waiting() {
    if (!terminal) {
      console.status("Waiting for authentication...");
      return;
    }
    long start = System.nanoTime();
    timer = new Thread(() -> {
      String frames = "|/-\\";
      for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        console.progress("Waiting for authentication... " + frames.charAt(i % 4) + " " + seconds + "s ");
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "entratool-waiting");
    timer.setDaemon(true);
    timer.start();
  }

  @Override
  public synchronized void doneWaiting() {
    if (timer != null) {
      timer.interrupt();
      try {
        timer.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer = null;
      console.endProgress();
    }
  }

  @Override
  public void openingBrowser() {
    console.status("Opening browser for authentication...");
  }

  @Override
  public void redirectUri(String uri) {
    console.status("Redirect URI: " + uri);
  }

  @Override
  public void openManually(String url) {
    console.warn("Could not open a browser. Open this URL to sign in:");
    console.warn("  " + url);
    console.warn("No browser on this machine (SSH, container)? Use the Device Code flow: -f DeviceCode");
  }

  @Override
  public void authorizationCodeReceived() {
    console.status("✓ Authorization code received");
  }

  @Override
  public void authenticated() {
    console.status("✓ Authentication successful");
  }

  @Override
  public void notCached(String why) {
    console.warn("Warning: the token could not be cached (" + why + "); the next call asks the authority again");
  }
}
