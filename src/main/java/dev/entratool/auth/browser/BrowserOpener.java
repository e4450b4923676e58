package dev.entratool.auth.browser;

import dev.entratool.platform.Environment;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Opens a URL in the user's browser the way other tools do: {@code $BROWSER} first (a ':'-separated list of
 * commands, '%s' replaced by the URL, else the URL appended — the convention of Python's webbrowser and git), then
 * the OS opener. Never through a shell, so nothing in the URL is interpreted.
 */
public final class BrowserOpener {
  /** How long a launcher may take to fail before we consider it started. */
  private static final Duration START_GRACE = Duration.ofMillis(1500);

  private final Environment env;
  private final String osName;

  public BrowserOpener(Environment env) {
    this(env, System.getProperty("os.name", ""));
  }

  BrowserOpener(Environment env, String osName) {
    this.env = env;
    this.osName = osName.toLowerCase(Locale.ROOT);
  }

  /** True when a browser command started; false when none could be (the caller prints the URL instead). */
  public boolean open(String url) {
    return openFirst(candidates(url));
  }

  /** Tries each command in turn; true at the first that starts. */
  static boolean openFirst(List<List<String>> commands) {
    for (List<String> command : commands) {
      if (tryStart(command)) {
        return true;
      }
    }
    return false;
  }

  List<List<String>> candidates(String url) {
    List<List<String>> out = new ArrayList<>();
    env.get("BROWSER").ifPresent(browsers -> {
      for (String browser : browsers.split(File.pathSeparator)) {
        if (!browser.isBlank()) {
          out.add(commandFor(browser.trim(), url));
        }
      }
    });
    if (osName.contains("mac")) {
      out.add(List.of("open", url));
    } else if (osName.contains("win")) {
      out.add(List.of("rundll32", "url.dll,FileProtocolHandler", url));
    } else {
      out.add(List.of("xdg-open", url));
      out.add(List.of("wslview", url)); // WSL with wslu: opens the Windows browser
    }
    return out;
  }

  private static List<String> commandFor(String browser, String url) {
    List<String> parts = new ArrayList<>(List.of(browser.split("\\s+")));
    boolean placed = false;
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).contains("%s")) {
        parts.set(i, parts.get(i).replace("%s", url));
        placed = true;
      }
    }
    if (!placed) {
      parts.add(url);
    }
    return parts;
  }

  private static boolean tryStart(List<String> command) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return false; // not installed
    }
    try {
      // Openers like xdg-open exit at once (0 = handed over); a browser itself keeps running: both count.
      if (p.waitFor(START_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return p.exitValue() == 0;
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static File nullFile() {
    return new File(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win") ? "NUL"
        : "/dev/null");
  }
}
