package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.TestJwts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user guide's inspection and expiry recipes (generating-tokens.md), run verbatim by bash against the packaged
 * launcher. {@code get-token} is stubbed (it prints a token minted here and logs the call), so these tests are about
 * {@code inspect} and {@code discover}, not about signing in.
 */
class TokenRecipesIT {
  // "Pattern 3: Token Caching", verbatim.
  private static final String TOKEN_CACHING = """
      TOKEN_FILE=~/.cache/entratool-token.txt

      # Check if token exists and is valid
      if [ ! -f "$TOKEN_FILE" ] || ! entratool discover -f "$TOKEN_FILE" &>/dev/null; then
        entratool get-token -p myprofile --silent > "$TOKEN_FILE"
      fi

      TOKEN=$(cat "$TOKEN_FILE")
      """;

  // "Handle Token Expiration", verbatim.
  private static final String HANDLE_EXPIRATION = """
      # Check expiration before use
      entratool discover -f token.txt

      # Refresh if needed
      if [ $? -ne 0 ]; then
        entratool get-token -p myprofile --silent > token.txt
      fi
      """;

  @TempDir Path home;
  private Path stubLog;
  private String freshToken;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(home.resolve(".cache"));
    stubLog = home.resolve("get-token.log");
    freshToken = token(Instant.now().plusSeconds(3600));
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path stub = Files.writeString(bin.resolve("entratool"), """
        #!/bin/sh
        # get-token is stubbed: it prints $FRESH_TOKEN; everything else runs the real launcher.
        if [ "$1" = get-token ]; then
          echo "$*" >> "$STUB_LOG"
          printf '%s\\n' "$FRESH_TOKEN"
          exit 0
        fi
        exec "$ENTRATOOL_LAUNCHER" "$@"
        """);
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void tokenCachingFetchesWhenTheFileIsMissing() throws Exception {
    CliRunner.Result r = bash(TOKEN_CACHING + "printf '%s' \"$TOKEN\"\n");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(freshToken);
    assertThat(getTokenCalls()).isEqualTo(1);
  }

  @Test
  void tokenCachingKeepsAValidFile() throws Exception {
    String cached = token(Instant.now().plusSeconds(1800));
    Files.writeString(home.resolve(".cache/entratool-token.txt"), cached + "\n");

    CliRunner.Result r = bash(TOKEN_CACHING + "printf '%s' \"$TOKEN\"\n");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(cached);
    assertThat(r.err()).isEmpty();
    assertThat(getTokenCalls()).isZero();
  }

  @Test
  void tokenCachingReplacesAnExpiredOrGarbledFile() throws Exception {
    for (String stale : new String[] {token(Instant.now().minusSeconds(3600)), "not a token"}) {
      Files.writeString(home.resolve(".cache/entratool-token.txt"), stale + "\n");

      CliRunner.Result r = bash(TOKEN_CACHING + "printf '%s' \"$TOKEN\"\n");

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo(freshToken);
      assertThat(r.err()).isEmpty();
    }
    assertThat(getTokenCalls()).isEqualTo(2);
  }

  @Test
  void handleTokenExpirationRefreshesOnlyWhenNeeded() throws Exception {
    Files.writeString(home.resolve("token.txt"), token(Instant.now().minusSeconds(7200)) + "\n");

    CliRunner.Result expired = bash(HANDLE_EXPIRATION);

    assertThat(expired.exitCode()).as(expired.toString()).isZero();
    assertThat(expired.err()).isEqualTo("✗ Token expired 2 hours ago\n");
    assertThat(Files.readString(home.resolve("token.txt"))).isEqualTo(freshToken + "\n");
    assertThat(getTokenCalls()).isEqualTo(1);

    CliRunner.Result valid = bash(HANDLE_EXPIRATION);

    assertThat(valid.exitCode()).as(valid.toString()).isZero();
    assertThat(valid.err()).startsWith("✓ Token valid for ");
    assertThat(getTokenCalls()).isEqualTo(1);
  }

  @Test
  void inspectionRecipes() throws Exception {
    CliRunner.Result piped = bash("""
        # Generate and inspect in one command
        entratool get-token -p myprofile --silent | entratool inspect
        """);
    CliRunner.Result separately = bash("""
        TOKEN=$(entratool get-token -p myprofile --silent)
        entratool inspect -t "$TOKEN"
        """);

    for (CliRunner.Result r : new CliRunner.Result[] {piped, separately}) {
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).startsWith("{\n  \"aud\": \"https://graph.microsoft.com\",\n  \"iss\": ")
          .contains("\n  \"scp\": \"User.Read Mail.Read\",\n  \"roles\": [],\n").endsWith("}\n");
      assertThat(r.err()).isEmpty();
    }
  }

  // "Fast: no network call, no authentication machinery": no sign-in, token-cache or OS-keyring class is loaded, and
  // no JSON library either, even on the full command line (a piped token is not the fast path's).
  @Test
  void discoverLoadsNoSignInMachinery() throws Exception {
    Path classLog = home.resolve("classes.log");
    CliRunner.Result r = new Launcher(home.resolve(".entratool"))
        .env("ENTRATOOL_JAVA_OPTS", "-Xlog:class+load:file=" + classLog)
        .run(freshToken, "discover");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.readString(classLog)).contains("dev.entratool.jwt.Jwt ")
        .doesNotContain("dev.entratool.auth.", "dev.entratool.cache.", "com.microsoft.aad.", "com.github.javakeyring.",
            "com.sun.jna.", "java.net.http.", "javax.net.ssl.SSLContext ", "com.fasterxml.")
        .as("the full command line ran").contains("picocli.CommandLine ");
  }

  private static String token(Instant exp) {
    return TestJwts.sign(TestJwts.graphClaims(exp.getEpochSecond() - 3600, exp.getEpochSecond()));
  }

  private long getTokenCalls() throws IOException {
    return Files.exists(stubLog) ? Files.readAllLines(stubLog).size() : 0;
  }

  private CliRunner.Result bash(String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(home.toFile());
    Map<String, String> env = pb.environment();
    env.put("PATH", home.resolve("bin") + ":" + env.get("PATH"));
    env.put("HOME", home.toString());
    env.put("ENTRATOOL_HOME", home.resolve(".entratool").toString());
    env.put("ENTRATOOL_SECRET_STORE", "file");
    env.put("ENTRATOOL_LAUNCHER",
        Path.of(System.getProperty("entratool.launcher", "bin/entratool")).toAbsolutePath().toString());
    env.put("FRESH_TOKEN", freshToken);
    env.put("STUB_LOG", stubLog.toString());
    Path out = home.resolve("stdout.txt");
    Path err = home.resolve("stderr.txt");
    Process p = pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("recipe did not finish");
    }
    return new CliRunner.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
