package dev.entratool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.testing.CliRunner;
import dev.entratool.testing.EntraFixture;
import dev.entratool.testing.FakeEntra;
import dev.entratool.testing.Launcher;
import dev.entratool.testing.MemoryRuntimeDir;
import dev.entratool.testing.TokenTraces;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Signing out through bin/entratool on a shared machine: no token left behind, the next get-token asks again. */
class LogoutIT {
  @RegisterExtension static final EntraFixture fx = new EntraFixture();
  @TempDir Path home;

  @Test
  void afterLogoutNoFileRuntimeEntryOrSecretHoldsTheToken() throws Exception {
    try (MemoryRuntimeDir runtime = new MemoryRuntimeDir()) {
      Map<String, String> env = Map.of("ENTRATOOL_HOME", home.toString(), "ENTRATOOL_SECRET_STORE", "file",
          "XDG_RUNTIME_DIR", runtime.path.toString());
      Launcher l = new Launcher(home).env("ENTRATOOL_CA_BUNDLE", fx.caBundle().toString())
          .env("XDG_RUNTIME_DIR", runtime.path.toString());
      String client = EntraFixture.newClientId();
      fx.entra.registerApp(client).publicClient().allow("https://graph.microsoft.com", "User.Read");
      CliRunner.Result created = l.run(null, "config", "create", "--name", "kiosk", "--tenant",
          FakeEntra.TENANT_DOMAIN, "--client-id", client, "--scopes", "https://graph.microsoft.com/User.Read",
          "--auth-method", "None", "--default-flow", "DeviceCode", "--authority-host", fx.entra.authorityHost());
      assertThat(created.exitCode()).as(created.toString()).isZero();
      CliRunner.Result signedIn = l.run(null, "get-token", "-p", "kiosk", "--silent");
      assertThat(signedIn.exitCode()).as(signedIn.toString()).isZero();
      String token = signedIn.out().trim();
      assertThat(TokenTraces.of(token, env, "kiosk")).isNotEmpty();
      var refreshTokens = fx.entra.liveRefreshTokenValues();

      CliRunner.Result out = l.run(null, "logout", "-p", "kiosk");
      assertThat(out.exitCode()).as(out.toString()).isZero();
      assertThat(out.err()).isEqualTo("Signed out of 'kiosk': removed cached tokens\n");
      assertThat(TokenTraces.of(token, env, "kiosk")).isEmpty();
      for (String refresh : refreshTokens) {
        assertThat(TokenTraces.of(refresh, env, "kiosk")).isEmpty();
      }
      assertThat(home.resolve("cache/kiosk.tokens")).doesNotExist();

      int deviceCodes = fx.entra.count("devicecode");
      CliRunner.Result again = l.run(null, "get-token", "-p", "kiosk", "--silent");
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(fx.entra.count("devicecode")).as("asked the emulator again").isEqualTo(deviceCodes + 1);
    }
  }
}
