package dev.entratool.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * A real browser for the browser-flow tests: a {@code $BROWSER} script that runs Debian's headless Chromium on the
 * URL, trusting the emulator's TLS key by its SPKI hash. Without Chromium the tests are skipped, unless
 * ENTRATOOL_REQUIRE_BROWSER=1 (CI) makes that a failure.
 */
public final class HeadlessChromium implements AutoCloseable {
  private final Path script;
  private final Path pidFile;

  private HeadlessChromium(Path script, Path pidFile) {
    this.script = script;
    this.pidFile = pidFile;
  }

  public static HeadlessChromium create(Path dir, TestPki pki) throws Exception {
    Path chromium = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream().map(Path::of)
        .filter(Files::isExecutable).findFirst().orElse(null);
    if (chromium == null) {
      if ("1".equals(System.getenv("ENTRATOOL_REQUIRE_BROWSER"))) {
        fail("Chromium is required (ENTRATOOL_REQUIRE_BROWSER=1) but not installed: apt-get install chromium");
      }
      assumeTrue(false, "no Chromium here: apt-get install chromium to run the browser-flow tests");
    }
    String spki = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(pki.server().certificate().getPublicKey().getEncoded()));
    Path profileDir = Files.createDirectories(dir.resolve("chromium-profile"));
    Path pidFile = dir.resolve("chromium.pid");
    Path script = dir.resolve("browser.sh");
    Files.writeString(script, "#!/bin/sh\n"
        + "# $BROWSER for tests: headless Chromium follows the sign-in redirects like a person's browser would.\n"
        + "echo $$ >> '" + pidFile + "'\n"
        + "exec timeout 60 '" + chromium + "' --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
        + "--disable-background-networking --disable-component-update --disable-sync --no-first-run "
        + "--disable-quic --user-data-dir='" + profileDir + "' --ignore-certificate-errors-spki-list=" + spki
        + " \"$1\" >/dev/null 2>&1\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return new HeadlessChromium(script, pidFile);
  }

  /** The value for $BROWSER. */
  public String browserCommand() {
    return script.toString();
  }

  /** Stops every browser this script started. */
  @Override
  public void close() throws Exception {
    if (Files.exists(pidFile)) {
      for (String pid : Files.readAllLines(pidFile)) {
        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(p -> {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        });
      }
      Files.delete(pidFile);
    }
  }
}
