package dev.entratool.auth;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.json.StrictJson;
import dev.entratool.platform.Environment;
import dev.entratool.profile.Profile;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * AzureCli: the token of the account signed in to the Azure CLI, from {@code az account get-access-token --scope S
 * [--tenant T] -o json}, run as an argument list (no shell) found on PATH, within --timeout. Its answer is read from
 * stdout and never shown; its complaints (stderr) become causes with hints.
 */
final class AzureCliCredential {
  /** Far more than az's answer or complaint ever is. */
  static final int MAX_OUTPUT = 256 * 1024;

  private AzureCliCredential() {}

  static AccessToken acquire(Profile profile, List<String> scopes, MsalApps apps, Clock clock) {
    Path az = find(apps.env()).orElseThrow(() -> EntraToolException.profile("Profile '" + profile.name()
        + "' uses the Azure CLI's sign-in, but 'az' is not on PATH", "Install the Azure CLI "
        + "(https://aka.ms/azure-cli) and run 'az login', or choose another auth method: entratool config edit -p "
        + profile.name() + " --auth-method ..."));
    List<String> command = new ArrayList<>(List.of(az.toString(), "account", "get-access-token", "--scope",
        scopes.get(0)));
    if (profile.tenantId() != null) {
      command.addAll(List.of("--tenant", profile.tenantId()));
    }
    command.addAll(List.of("-o", "json"));
    Duration timeout = apps.connection().timeout();
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.PROFILE, "Cannot run " + az + ": " + e.getMessage(),
          "Check the Azure CLI installation ('az version')", e);
    }
    try {
      process.getOutputStream().close(); // az asks nothing here; a prompt would wait forever
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new EntraToolException(ExitCode.TIMEOUT, "The Azure CLI gave no token within "
            + Attempts.describe(timeout), "Run 'az account get-access-token' yourself to see what it waits for, or "
            + "allow more time with --timeout 2m");
      }
      String answer = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String complaint = err.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (process.exitValue() != 0) {
        throw failed(complaint, profile);
      }
      return token(answer, scopes, clock);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EntraToolException(ExitCode.INTERRUPTED, "Cancelled", null, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | IOException e) {
      process.destroyForcibly();
      throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot read the Azure CLI's answer: " + e.getMessage(),
          null, e);
    }
  }

  /** The first {@code az} (on Windows {@code az.cmd}) on PATH that can be run. */
  static Optional<Path> find(Environment env) {
    boolean windows = File.separatorChar == '\\';
    for (String dir : env.get("PATH").orElse("").split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String name : windows ? List.of("az.cmd", "az.exe") : List.of("az")) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static String read(InputStream in) {
    try (in) {
      byte[] bytes = in.readNBytes(MAX_OUTPUT);
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EntraToolException failed(String complaint, Profile profile) {
    String said = firstError(complaint);
    String lower = complaint.toLowerCase(Locale.ROOT);
    if (lower.contains("az login") || lower.contains("az account set")) {
      return new EntraToolException(ExitCode.NO_TOKEN, "The Azure CLI has no usable sign-in: " + said,
          "Please run 'az login'" + (profile.tenantId() == null ? "" : " --tenant " + profile.tenantId())
              + ", then try again");
    }
    if (said.contains("AADSTS")) {
      return new EntraToolException(ExitCode.AUTH_REJECTED, "The Azure CLI's token request was refused: " + said,
          "Run 'az login' again, or check the scope (entratool config show -p " + profile.name() + ")");
    }
    return new EntraToolException(ExitCode.UNEXPECTED, "The Azure CLI failed: " + said,
        "Run 'az account get-access-token --scope SCOPE' yourself to see the whole message");
  }

  /** The first line that says something, printable and short (az's stderr is not ours to trust). */
  private static String firstError(String complaint) {
    for (String line : complaint.split("\\R")) {
      String text = line.strip().replaceFirst("^ERROR:\\s*", "");
      if (!text.isEmpty() && !text.startsWith("WARNING")) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().filter(c -> !Character.isISOControl(c)).limit(300).forEach(sb::appendCodePoint);
        return sb.toString();
      }
    }
    return "no message (exit status not 0)";
  }

  private static AccessToken token(String answer, List<String> scopes, Clock clock) {
    Object token = null;
    Instant expires = null;
    try {
      if (StrictJson.parse(answer) instanceof Map<?, ?> json) {
        token = json.get("accessToken");
        expires = expiry(json, clock);
      }
    } catch (StrictJson.Invalid e) {
      token = null; // said below, without the answer
    }
    if (!(token instanceof String text) || text.isBlank() || expires == null) {
      throw new EntraToolException(ExitCode.NO_TOKEN, "The Azure CLI answered without a token and its expiry",
          "Update the Azure CLI ('az upgrade') and try again");
    }
    return new AccessToken(text, expires, scopes, AccessToken.Source.AUTHORITY);
  }

  /** {@code expires_on} (epoch seconds, az 2.54 and later), else {@code expiresOn} (local time, older az). */
  private static Instant expiry(Map<?, ?> json, Clock clock) {
    Object epoch = json.get("expires_on");
    if (epoch instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    if (epoch instanceof String s && s.matches("\\d{1,12}")) {
      return Instant.ofEpochSecond(Long.parseLong(s));
    }
    if (json.get("expiresOn") instanceof String local) {
      try {
        return LocalDateTime.parse(local.strip().replace(' ', 'T')).atZone(clock.getZone()).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }
}
