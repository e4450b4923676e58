package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.EntraFixture;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile setting {@code clientCapabilities} (config create/edit/show/export/import): {@code cp1} declares the
 * app CAE-capable, so its requests carry {@code xms_cc} and its tokens say so; off by default.
 */
class ClientCapabilitiesTest {
  static final String GRAPH = "https://graph.microsoft.com/.default";
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  static JsonNode claims(String jwt) throws Exception {
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.trim().split("\\.")[1]));
  }

  @Test
  void cp1IsSentAsXmsCcAndKeptThroughEditShowExportAndImport() throws Exception {
    CliRunner cli = fx.cli(home.resolve("a")).env("ENTRATOOL_EXPORT_PASSPHRASE", "a long test passphrase");
    String client = fx.registerSecretApp("cap-secret");
    fx.createSecretProfile(cli, "cae", client, "cap-secret", GRAPH);

    Result plain = cli.run("get-token", "-p", "cae", "--silent");
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(fx.entra.lastTokenRequest()).as("off by default").doesNotContainKey("claims");
    assertThat(claims(plain.out()).has("xms_cc")).isFalse();

    Result edited = cli.run("config", "edit", "-p", "cae", "--client-capabilities", "cp1", "--keep-secrets");
    assertThat(edited.exitCode()).as(edited.toString()).isZero();
    assertThat(cli.run("config", "show", "-p", "cae").out()).contains("clientCapabilities: cp1");
    assertThat(cli.run("config", "show", "-p", "cae", "--json").out()).contains("\"clientCapabilities\"");
    Result capable = cli.run("get-token", "-p", "cae", "--silent");
    assertThat(capable.exitCode()).as(capable.err()).isZero();
    assertThat(fx.entra.lastTokenRequest().get("claims")).contains("xms_cc").contains("cp1");
    assertThat(claims(capable.out()).path("xms_cc").toString()).isEqualTo("[\"cp1\"]");

    Result bundle = cli.run("config", "export", "-p", "cae");
    assertThat(bundle.exitCode()).as(bundle.err()).isZero();
    CliRunner other = fx.cli(home.resolve("b")).env("ENTRATOOL_EXPORT_PASSPHRASE", "a long test passphrase");
    Result imported = other.runWithStdin(bundle.out(), "config", "import", "-i", "-");
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(other.run("config", "show", "-p", "cae").out()).contains("clientCapabilities: cp1");

    assertThat(cli.run("config", "edit", "-p", "cae", "--client-capabilities", "", "--keep-secrets").exitCode())
        .isZero();
    assertThat(cli.run("config", "show", "-p", "cae").out()).doesNotContain("clientCapabilities");
  }

  @Test
  void aCapabilityThatIsNoWordIsRefused() {
    CliRunner cli = fx.cli(home);
    Result r = cli.run("config", "create", "--name", "bad", "--tenant", "contoso.onmicrosoft.com", "--client-id",
        EntraFixture.newClientId(), "--auth-method", "None", "--client-capabilities", "cp1,x/y");
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains("'x/y' is not a capability such as cp1");
  }
}
