package dev.entratool.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which standard streams are terminals: decides prompting, spinners and reading piped stdin. */
public record Terminal(boolean stdinIsTerminal, boolean stderrIsTerminal) {
  public static final Terminal NONE = new Terminal(false, false);

  public static Terminal detect() {
    boolean console = System.console() != null;
    return new Terminal(isTty(0, console), isTty(2, console));
  }

  // Java 17 has no isatty for a single stream; on Linux the fd's link target tells, elsewhere System.console().
  private static boolean isTty(int fd, boolean fallback) {
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      if (Files.isSymbolicLink(link)) {
        String target = Files.readSymbolicLink(link).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      }
    } catch (IOException | SecurityException | UnsupportedOperationException ignored) {
      // fall through
    }
    return fallback;
  }
}
