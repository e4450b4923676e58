package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.TestJwts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user guide's inspection and expiry recipes (generating-tokens.md: "Token Inspection", "Pattern 3: Token
 * Caching", "Handle Token Expiration"), with the token that {@code get-token --silent} would print minted here.
 */
class UserGuideTokenRecipesTest {
  @TempDir Path home;
  private CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(home).clock(TestJwts.CLOCK);
  }

  // entratool get-token -p myprofile --silent | entratool inspect
  @Test
  void generateAndInspectInOneCommand() throws Exception {
    Result r = cli.runWithStdin(TestJwts.valid() + "\n", "inspect");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    assertGuideShapedClaims(r.out());
  }

  // TOKEN=$(entratool get-token -p myprofile --silent); entratool inspect -t "$TOKEN"
  @Test
  void inspectSeparately() throws Exception {
    Result r = cli.run("inspect", "-t", TestJwts.valid());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    assertGuideShapedClaims(r.out());
  }

  // if [ ! -f "$TOKEN_FILE" ] || ! entratool discover -f "$TOKEN_FILE" &>/dev/null; then get-token ...; fi
  @Test
  void tokenCachingKeepsAValidFileAndRefreshesAnExpiredOrMissingOne() throws Exception {
    Path tokenFile = home.resolve("entratool-token.txt");

    assertThat(cli.run("discover", "-f", tokenFile.toString()).exitCode()).isEqualTo(8);
    Files.writeString(tokenFile, TestJwts.expired() + "\n");
    assertThat(cli.run("discover", "-f", tokenFile.toString()).exitCode()).isEqualTo(7);
    Files.writeString(tokenFile, TestJwts.valid() + "\n");
    assertThat(cli.run("discover", "-f", tokenFile.toString()).exitCode()).isZero();
  }

  // entratool discover -f token.txt; if [ $? -ne 0 ]; then entratool get-token ... > token.txt; fi
  @Test
  void handleTokenExpirationPrintsWhyOnStderrOnly() throws Exception {
    Path tokenFile = Files.writeString(home.resolve("token.txt"), TestJwts.expired() + "\n");

    Result r = cli.run("discover", "-f", tokenFile.toString());

    assertThat(r.exitCode()).isNotZero().isEqualTo(7);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("✗ Token expired 3 minutes ago\n");
  }

  private static void assertGuideShapedClaims(String out) throws Exception {
    JsonNode claims = new ObjectMapper().readTree(out);
    assertThat(claims.fieldNames()).toIterable().contains("aud", "iss", "iat", "exp", "appid", "scp", "roles");
    assertThat(claims.get("aud").textValue()).isEqualTo("https://graph.microsoft.com");
    assertThat(claims.get("iss").textValue()).startsWith("https://sts.windows.net/");
    assertThat(claims.get("iat").isIntegralNumber()).isTrue();
    assertThat(claims.get("exp").isIntegralNumber()).isTrue();
    assertThat(claims.get("scp").textValue()).isEqualTo("User.Read Mail.Read");
    assertThat(claims.get("roles").isArray()).isTrue();
    assertThat(out).contains("  \"aud\": \"https://graph.microsoft.com\",\n").contains("  \"roles\": [],\n");
  }
}
