package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeResource;
import dev.entratool.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's recipe "answer a claims challenge", as printed there, run by bash with curl and the packaged
 * bin/entratool against an API stand-in that challenges until a token carries the claim.
 */
class ClaimsChallengeRecipeIT {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  static String recipe() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int at = readme.indexOf("##### Recipe: answer a claims challenge");
    int start = readme.indexOf("```bash\n", at) + "```bash\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void theRecipeGetsTheChallengeAnswersItAndSucceeds() throws Exception {
    String client = fx.registerSecretApp("recipe-secret");
    CliRunner cli = fx.cli(home);
    fx.createSecretProfile(cli, "api-client", client, "recipe-secret", "https://graph.microsoft.com/.default");
    try (FakeResource api = new FakeResource(fx.pki, fx.entra, "https://graph.microsoft.com", "c1")) {
      Path bin = Path.of("bin").toAbsolutePath();
      Launcher bash = new Launcher(Path.of("/bin/bash"), home)
          .env("PATH", bin + ":" + System.getenv("PATH"))
          .env("ENTRATOOL_CA_BUNDLE", fx.caBundle().toString())
          .env("CURL_CA_BUNDLE", fx.caBundle().toString())
          .env("API_URL", api.url());
      Path work = Files.createDirectories(home.resolve("work"));
      CliRunner.Result r = bash.run(null, "-euo", "pipefail", "-c", "cd " + work + "\n" + recipe());
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("HTTP/").contains(" 200");
      assertThat(api.challenges()).as("challenged once, then satisfied").isEqualTo(1);
      assertThat(Files.readString(work.resolve("api-response.json"))).contains("protected data");
      assertThat(r.err()).as("nothing but what --silent leaves").isEmpty();
    }
  }
}
