package dev.entratool.auth.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrowserOpenerTest {
  @TempDir Path dir;
  static final String URL = "https://login.example/authorize?a=1&b=$(touch /tmp/x)";

  @Test
  void browserVariableComesFirstThenTheOsOpener() {
    BrowserOpener linux = new BrowserOpener(Environment.of(Map.of("BROWSER", "firefox:chromium --new-window %s")),
        "Linux");
    assertThat(linux.candidates(URL)).containsExactly(List.of("firefox", URL),
        List.of("chromium", "--new-window", URL), List.of("xdg-open", URL), List.of("wslview", URL));
    assertThat(new BrowserOpener(Environment.of(Map.of()), "Mac OS X").candidates(URL))
        .containsExactly(List.of("open", URL));
    assertThat(new BrowserOpener(Environment.of(Map.of()), "Windows 11").candidates(URL))
        .containsExactly(List.of("rundll32", "url.dll,FileProtocolHandler", URL));
  }

  @Test
  void runsTheBrowserScriptWithTheUrlAsOneArgumentAndNoShell() throws Exception {
    Path seen = dir.resolve("seen.txt");
    Path script = dir.resolve("browser.sh");
    Files.writeString(script, "#!/bin/sh\nprintf '%s' \"$1\" > '" + seen + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    boolean opened = new BrowserOpener(Environment.of(Map.of("BROWSER", script.toString())), "Linux").open(URL);
    assertThat(opened).isTrue();
    assertThat(Files.readString(seen)).isEqualTo(URL);
  }

  @Test
  void aBrowserThatFailsAtOnceOrIsMissingIsSkipped() throws Exception {
    Path broken = dir.resolve("broken.sh");
    Files.writeString(broken, "#!/bin/sh\nexit 3\n");
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));
    Path seen = dir.resolve("seen.txt");
    Path good = dir.resolve("good.sh");
    Files.writeString(good, "#!/bin/sh\ntouch '" + seen + "'\n");
    Files.setPosixFilePermissions(good, PosixFilePermissions.fromString("rwx------"));
    List<String> missing = List.of(dir.resolve("no-such-browser").toString(), URL);
    assertThat(BrowserOpener.openFirst(List.of(List.of(broken.toString(), URL), missing))).isFalse();
    assertThat(BrowserOpener.openFirst(List.of(List.of(broken.toString(), URL), missing,
        List.of(good.toString(), URL)))).isTrue();
    assertThat(seen).exists();
  }
}
