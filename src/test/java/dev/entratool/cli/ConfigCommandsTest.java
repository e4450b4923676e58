package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandsTest {
  static final String CLIENT = "12345678-1234-1234-1234-123456789abc";
  @TempDir Path home;

  private CliRunner cli() {
    return new CliRunner(home);
  }

  private CliRunner.Result createSecretProfile(String name, String secret) {
    return cli().runWithStdin(secret + "\n", "config", "create", "--name", name, "--tenant",
        "contoso.onmicrosoft.com", "--client-id", CLIENT, "--scopes", "https://graph.microsoft.com/.default",
        "--auth-method", "ClientSecret", "--secret-stdin");
  }

  private dev.entratool.secret.SecretStore vault() {
    return new dev.entratool.secret.EncryptedFileSecretStore(home.resolve("secrets.vault"),
        home.resolve("secrets.key"), java.util.Optional.empty(), s -> { });
  }

  private String allFiles() throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        sb.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    return sb.toString();
  }

  @Test
  void createNonInteractiveKeepsTheSecretOutOfProfilesJson() throws Exception {
    CliRunner.Result r = createSecretProfile("graph-sp", "Sup3r~Secret.Value");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("✓ Profile 'graph-sp' created in " + home.resolve("profiles.json"))
        .contains("✓ Client secret stored in encrypted file").doesNotContain("Sup3r~Secret.Value");
    assertThat(Files.readString(home.resolve("profiles.json"))).contains("\"clientId\": \"" + CLIENT + "\"")
        .doesNotContain("Sup3r");
    assertThat(allFiles()).doesNotContain("Sup3r~Secret.Value");

    CliRunner.Result show = cli().run("config", "show", "-p", "graph-sp");
    assertThat(show.exitCode()).isZero();
    assertThat(show.out()).contains("name:            graph-sp")
        .contains("secret:          client secret stored in encrypted file").doesNotContain("Sup3r");
  }

  @Test
  void createWithoutTerminalAndMissingValuesIsAUsageErrorNotAHang() {
    CliRunner.Result r = cli().run("config", "create", "--name", "x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("Error: Missing --tenant, --client-id (standard input is not a terminal, "
        + "so entratool cannot ask)\nHint: ");
    assertThat(Files.exists(home.resolve("profiles.json"))).isFalse();
  }

  @Test
  void createSecretProfileWithoutSecretOnPipeIsRefused() {
    CliRunner.Result r = cli().run("config", "create", "--name", "x", "--tenant", "common", "--client-id",
        CLIENT);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("The client secret is needed, and standard input is not a terminal")
        .contains("Hint: Pipe it with --secret-stdin");
    assertThat(Files.exists(home.resolve("profiles.json"))).isFalse();
  }

  @Test
  void invalidValuesAreListedAndNothingIsSaved() {
    CliRunner.Result r = cli().runWithStdin("s\n", "config", "create", "--name", "bad name", "--tenant",
        "not a tenant", "--client-id", "123", "--secret-stdin");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Error: Invalid profile: name: 'bad name' is not a valid profile name")
        .contains("tenantId: 'not a tenant' is not a tenant ID").contains("clientId: '123' is not a GUID");
    assertThat(Files.exists(home.resolve("profiles.json"))).isFalse();
  }

  @Test
  void badEnumFlagNamesTheFlag() {
    CliRunner.Result r = cli().run("config", "create", "--name", "x", "--tenant", "common", "--client-id", CLIENT,
        "--auth-method", "Password");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("Error: Invalid value for --auth-method: Unknown auth method 'Password' "
        + "(expected one of: ClientSecret, Certificate, PasswordlessCertificate, None, FederatedToken, GitHubActions, "
        + "AzurePipelines");
  }

  @Test
  void interactiveCreateAsksAgainAfterABadAnswer() throws Exception {
    String typed = String.join("\n",
        "my-app",                           // name
        "None",                             // auth method
        "contoso.onmicrosoft.com",          // tenant
        "not-a-guid",                       // client id: rejected
        CLIENT,                             // client id again
        "https://graph.microsoft.com/User.Read Mail.Read", // scopes
        "DeviceCode",                       // default flow
        "") + "\n";
    CliRunner.Result r = cli().runInteractive(typed, "config", "create");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Client ID (Application ID GUID): ")
        .contains("  'not-a-guid' is not a GUID")
        .contains("https://management.azure.com/.default")
        .contains("✓ Profile 'my-app' created");
    CliRunner.Result json = cli().run("config", "show", "-p", "my-app", "--json");
    assertThat(json.out()).contains("\"https://graph.microsoft.com/User.Read\",\n    "
        + "\"https://graph.microsoft.com/Mail.Read\"\n  ]").contains("\"authMethod\": \"None\"")
        .contains("\"defaultFlow\": \"DeviceCode\"");
  }

  @Test
  void interactiveCreateReadsTheSecretHidden() {
    String typed = String.join("\n", "sp", "ClientSecret", "common", CLIENT, "", "the-secret", "", "") + "\n";
    CliRunner.Result r = cli().runInteractive(typed, "config", "create");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Client secret (input hidden): ").doesNotContain("the-secret");
  }

  @Test
  void interactiveCreateOfAManagedIdentityAsksForNoAppButForAUserAssignedIdentity() {
    String identity = "0f5c6a8e-1d2b-4c3a-9e8f-7a6b5c4d3e2f";
    String typed = String.join("\n", "deployer", "ManagedIdentity", "not-a-guid", identity,
        "https://management.azure.com/.default") + "\n";
    CliRunner.Result r = cli().runInteractive(typed, "config", "create");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("User-assigned identity's client ID (empty: the system-assigned identity)")
        .contains("  'not-a-guid' is not a GUID").doesNotContain("Tenant ID").doesNotContain("Client ID (")
        .doesNotContain("Default flow").contains("✓ Profile 'deployer' created");
    assertThat(cli().run("config", "show", "-p", "deployer", "--json").out())
        .contains("\"authMethod\": \"ManagedIdentity\"").contains("\"miClientId\": \"" + identity + "\"")
        .doesNotContain("tenantId").doesNotContain("\"clientId\"");

    // with the method as a flag, the identity is still asked for; empty is the system-assigned one
    CliRunner.Result system = cli().runInteractive("vm\n\n\n", "config", "create", "--auth-method",
        "ManagedIdentity");
    assertThat(system.exitCode()).as(system.toString()).isZero();
    assertThat(system.err()).contains("User-assigned identity's client ID").doesNotContain("Tenant ID");
    assertThat(cli().run("config", "show", "-p", "vm", "--json").out()).doesNotContain("miClientId")
        .contains("\"authMethod\": \"ManagedIdentity\"");
  }

  @Test
  void interactiveCreateOfAzureCliAsksForAnOptionalTenantAndNoClientId() {
    CliRunner.Result r = cli().runInteractive("me\nAzureCli\n\n\n", "config", "create");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Tenant ID or domain (empty: the Azure CLI's own)").doesNotContain("Client ID (")
        .doesNotContain("User-assigned").doesNotContain("Default flow");
    assertThat(cli().run("config", "show", "-p", "me", "--json").out()).contains("\"authMethod\": \"AzureCli\"")
        .doesNotContain("tenantId");
    CliRunner.Result tenant = cli().runInteractive("me-contoso\ncontoso.onmicrosoft.com\n\n", "config", "create",
        "--auth-method", "AzureCli");
    assertThat(tenant.exitCode()).as(tenant.toString()).isZero();
    assertThat(cli().run("config", "show", "-p", "me-contoso", "--json").out())
        .contains("\"tenantId\": \"contoso.onmicrosoft.com\"");
  }

  @Test
  void duplicateNameIsRefused() {
    assertThat(createSecretProfile("a", "s").exitCode()).isZero();
    CliRunner.Result r = createSecretProfile("a", "other");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("Error: Profile 'a' already exists\nHint: ");
  }

  @Test
  void listShowsATableAndJson() {
    createSecretProfile("graph-sp", "s");
    createSecretProfile("arm-sp", "s");
    CliRunner.Result r = cli().run("config", "list");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(
        "NAME      TENANT                   CLIENT ID                             AUTH METHOD   DEFAULT FLOW\n"
            + "graph-sp  contoso.onmicrosoft.com  " + CLIENT + "  ClientSecret  ClientCredentials\n"
            + "arm-sp    contoso.onmicrosoft.com  " + CLIENT + "  ClientSecret  ClientCredentials\n");
    assertThat(r.err()).startsWith("Secrets: encrypted file ");
    CliRunner.Result json = cli().run("config", "list", "--json");
    assertThat(json.out()).startsWith("[\n  {").contains("\"name\": \"arm-sp\"");
  }

  @Test
  void emptyListSaysHowToStart() {
    CliRunner.Result r = cli().run("config", "list");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("Create one with 'entratool config create'");
    assertThat(cli().run("config", "list", "--json").out()).isEqualTo("[]\n");
  }

  @Test
  void showUnknownProfileSuggestsAndExits3() {
    createSecretProfile("graph-sp", "s");
    CliRunner.Result r = cli().run("config", "show", "-p", "graph");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("Error: Profile 'graph' not found. Did you mean: graph-sp?\n"
        + "Hint: Run 'entratool config list' to see your profiles\n");
  }

  @Test
  void editWithFlagsAndNewSecretFromStdin() throws Exception {
    createSecretProfile("sp", "old-secret");
    CliRunner.Result r = cli().runWithStdin("new-secret\n", "config", "edit", "-p", "sp", "--scopes",
        "https://management.azure.com/.default", "--secret-stdin");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("✓ Profile 'sp' updated").contains("✓ Client secret stored");
    assertThat(cli().run("config", "show", "-p", "sp", "--json").out())
        .contains("https://management.azure.com/.default");
    var store = vault();
    assertThat(store.read("sp", dev.entratool.secret.SecretKind.CLIENT_SECRET)).contains("new-secret");
  }

  @Test
  void interactiveEditOfClientSecretAsInTheTroubleshootingGuide() {
    createSecretProfile("myprofile", "old-secret");
    CliRunner.Result r = cli().runInteractive("Client Secret\nnew-secret\n", "config", "edit", "-p", "myprofile");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Which field do you want to change?").contains("   5) Client Secret")
        .contains("Client secret (input hidden): ").contains("✓ Client secret stored")
        .doesNotContain("new-secret");
    var store = vault();
    assertThat(store.read("myprofile", dev.entratool.secret.SecretKind.CLIENT_SECRET)).contains("new-secret");
  }

  @Test
  void editWithoutFlagsOffTerminalSaysWhatToDo() {
    createSecretProfile("sp", "s");
    CliRunner.Result r = cli().run("config", "edit", "-p", "sp");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("Error: Nothing to change: give one or more field flags\n");
  }

  @Test
  void editToInvalidValueChangesNothing() throws Exception {
    createSecretProfile("sp", "s");
    String before = Files.readString(home.resolve("profiles.json"));
    CliRunner.Result r = cli().run("config", "edit", "-p", "sp", "--authority-host", "http://insecure.example");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("authorityHost: 'http://insecure.example' must use https");
    assertThat(Files.readString(home.resolve("profiles.json"))).isEqualTo(before);
  }

  @Test
  void deleteNeedsConfirmationAndRemovesSecretsAndCache() throws Exception {
    createSecretProfile("sp", "s");
    Path cache = home.resolve("cache").resolve("sp.tokens"); // the name older versions share
    Files.createDirectories(cache.getParent());
    Files.writeString(cache, "cached");

    CliRunner.Result refused = cli().run("config", "delete", "-p", "sp");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("without confirmation").contains("Pass --yes");

    CliRunner.Result no = cli().runInteractive("n\n", "config", "delete", "-p", "sp");
    assertThat(no.exitCode()).isZero();
    assertThat(no.err()).contains("Delete profile 'sp' with its secrets and cached tokens? [y/N]: ")
        .contains("Nothing deleted.");

    CliRunner.Result yes = cli().runInteractive("y\n", "config", "delete", "-p", "sp");
    assertThat(yes.exitCode()).isZero();
    assertThat(yes.err()).contains("✓ Profile 'sp' deleted");
    assertThat(cli().run("config", "list", "--json").out()).isEqualTo("[]\n");
    assertThat(Files.exists(cache)).isFalse();
    var store = vault();
    assertThat(store.read("sp", dev.entratool.secret.SecretKind.CLIENT_SECRET)).isEmpty();
  }

  @Test
  void certificateProfileNeedsAnExistingFile() throws Exception {
    CliRunner.Result r = cli().run("config", "create", "--name", "c", "--tenant", "common", "--client-id", CLIENT,
        "--certificate-path", home.resolve("nope.pfx").toString(), "--auth-method", "PasswordlessCertificate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("certificatePath: no such file: " + home.resolve("nope.pfx"));
    Path cert = Files.writeString(home.resolve("sp.pfx"), "placeholder");
    CliRunner.Result ok = cli().run("config", "create", "--name", "c", "--tenant", "common", "--client-id", CLIENT,
        "--certificate-path", cert.toString(), "--auth-method", "PasswordlessCertificate", "--send-x5c");
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(cli().run("config", "show", "-p", "c", "--json").out()).contains("\"useCertificate\": true")
        .contains("\"sendX5c\": true");
  }

  @Test
  void unknownSecretStoreSettingIsAUsageError() {
    CliRunner.Result r = cli().env("ENTRATOOL_SECRET_STORE", "vault").run("config", "list");
    assertThat(r.exitCode()).isZero(); // nothing listed, so no secret store needed
    createSecretProfile("a", "s");
    CliRunner.Result bad = cli().env("ENTRATOOL_SECRET_STORE", "vault").run("config", "list");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("ENTRATOOL_SECRET_STORE='vault' is not known");
  }

  @Test
  void verboseNamesTheSecretStoreInUse() {
    createSecretProfile("sp", "s");
    CliRunner.Result r = cli().run("config", "show", "-p", "sp", "--verbose");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEqualTo("Secret store: encrypted file " + home.resolve("secrets.vault") + " (key in "
        + home.resolve("secrets.key") + ")\n");
    assertThat(cli().run("--verbose", "config", "show", "-p", "sp").err()).startsWith("Secret store: ");
    assertThat(cli().run("config", "show", "-p", "sp").err()).isEmpty();
  }
}
