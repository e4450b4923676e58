package dev.entratool.cli.config;

import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.profile.AuthMethod;
import dev.entratool.profile.Cloud;
import dev.entratool.profile.Flow;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileValidator;
import dev.entratool.profile.Scopes;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Fills profile fields from flags or, on a terminal, from prompts that ask again until the answer is valid, so a typo
 * never loses what was already typed.
 */
final class ProfileForm {
  static final String DEFAULT_SCOPE = "https://graph.microsoft.com/.default";
  /** The longest secret or passphrase read from standard input: far longer than any is, and never an endless input. */
  static final int MAX_SECRET_CHARS = 16 * 1024;

  private final Console console;

  ProfileForm(Console console) {
    this.console = console;
  }

  /** Applies every flag that was given; a bad value is a usage error naming the flag. */
  void applyFlags(ProfileFieldOptions f, Profile.Builder b) {
    if (f.tenant != null) {
      b.tenantId = f.tenant.trim();
    }
    if (f.clientId != null) {
      b.clientId = f.clientId.trim();
    }
    if (f.scopes != null) {
      b.scopes = Scopes.parse(f.scopes);
    }
    if (f.authMethod != null) {
      b.authMethod = parseFlag("--auth-method", () -> AuthMethod.parse(f.authMethod));
    }
    if (f.certificatePath != null) {
      b.certificatePath = Path.of(f.certificatePath).toAbsolutePath().normalize().toString();
      if (b.authMethod == null || !b.authMethod.usesCertificate()) {
        b.authMethod = b.authMethod == null || f.authMethod == null ? AuthMethod.Certificate : b.authMethod;
      }
    }
    if (f.sendX5c != null) {
      b.sendX5c = f.sendX5c;
    }
    if (f.clientCapabilities != null) {
      b.clientCapabilities = Scopes.parse(f.clientCapabilities);
    }
    if (f.defaultFlow != null) {
      b.defaultFlow = parseFlag("--default-flow", () -> Flow.parse(f.defaultFlow));
    }
    if (f.redirectUri != null) {
      b.redirectUri = f.redirectUri.isBlank() ? null : f.redirectUri.trim();
    }
    if (f.cloud != null) {
      b.cloud = parseFlag("--cloud", () -> Cloud.parse(f.cloud));
    }
    if (f.authorityHost != null) {
      b.authorityHost = f.authorityHost.isBlank() ? null : stripSlash(f.authorityHost.trim());
    }
    if (b.authMethod != null && b.authMethod.isHostIdentity() && (f.clientId != null
        || f.tenant != null && b.authMethod == AuthMethod.ManagedIdentity)) {
      throw EntraToolException.usage((f.clientId != null ? "--client-id" : "--tenant") + " is not used by --auth-method "
          + b.authMethod, b.authMethod == AuthMethod.ManagedIdentity ? "Leave it out; name a user-assigned "
          + "identity with --mi-client-id, --mi-object-id or --mi-resource-id" : "Leave --client-id out");
    }
    requireMethod(f.miClientId, "--mi-client-id", AuthMethod.ManagedIdentity, b);
    requireMethod(f.miObjectId, "--mi-object-id", AuthMethod.ManagedIdentity, b);
    requireMethod(f.miResourceId, "--mi-resource-id", AuthMethod.ManagedIdentity, b);
    if (f.miClientId != null || f.miObjectId != null || f.miResourceId != null) {
      b.miClientId = blankToNull(f.miClientId);
      b.miObjectId = blankToNull(f.miObjectId);
      b.miResourceId = blankToNull(f.miResourceId);
      b.authMethod = b.authMethod == null ? AuthMethod.ManagedIdentity : b.authMethod;
    }
    requireMethod(f.federatedTokenFile, "--federated-token-file", AuthMethod.FederatedToken, b);
    requireMethod(f.serviceConnectionId, "--service-connection-id", AuthMethod.AzurePipelines, b);
    if (f.federatedTokenFile != null) {
      b.federatedTokenFile = f.federatedTokenFile.isBlank() ? null
          : Path.of(f.federatedTokenFile.trim()).toAbsolutePath().normalize().toString();
      if (f.authMethod == null && b.federatedTokenFile != null) {
        b.authMethod = AuthMethod.FederatedToken;
      }
    }
    if (f.serviceConnectionId != null) {
      b.serviceConnectionId = f.serviceConnectionId.isBlank() ? null : f.serviceConnectionId.trim();
      if (f.authMethod == null && b.serviceConnectionId != null) {
        b.authMethod = AuthMethod.AzurePipelines;
      }
    }
    dropUnused(b);
  }

  /** A flag of one auth method given with another one is a mistake to report, not a value to drop. */
  private static void requireMethod(String value, String flag, AuthMethod method, Profile.Builder b) {
    if (value != null && !value.isBlank() && b.authMethod != null && b.authMethod != method) {
      throw EntraToolException.usage(flag + " is for --auth-method " + method + ", not " + b.authMethod,
          "Leave " + flag + " out, or use --auth-method " + method);
    }
  }

  /** Clears the fields the chosen auth method does not use, so switching methods leaves none behind. */
  private static void dropUnused(Profile.Builder b) {
    if (b.authMethod == null) {
      return;
    }
    if (!b.authMethod.usesCertificate()) {
      b.certificatePath = null;
    }
    if (b.authMethod != AuthMethod.FederatedToken) {
      b.federatedTokenFile = null;
    }
    if (b.authMethod != AuthMethod.AzurePipelines) {
      b.serviceConnectionId = null;
    }
    if (b.authMethod != AuthMethod.ManagedIdentity) {
      b.miClientId = null;
      b.miObjectId = null;
      b.miResourceId = null;
    } else {
      b.tenantId = null;
    }
    if (b.authMethod.isHostIdentity()) {
      b.clientId = null;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static <T> T parseFlag(String flag, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw EntraToolException.usage("Invalid value for " + flag + ": " + e.getMessage(), null);
    }
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  // ---- prompts ----

  void askName(Profile.Builder b, java.util.function.Predicate<String> taken) {
    ask("Profile name (letters, digits, . _ -)", b.name, v -> {
      if (!ProfileValidator.isName(v)) {
        return "use 1-64 letters, digits, '.', '_' or '-'";
      }
      return taken.test(v) ? "a profile named '" + v + "' already exists" : null;
    }, v -> b.name = v);
  }

  void askTenant(Profile.Builder b) {
    if (b.authMethod == AuthMethod.ManagedIdentity) {
      return; // a managed identity signs in in its own tenant
    }
    if (b.authMethod == AuthMethod.AzureCli) {
      optional(b, "Tenant ID or domain (empty: the Azure CLI's own)", b.tenantId, "tenantId",
          (x, v) -> x.tenantId = v);
      return;
    }
    ask("Tenant ID (GUID, or a domain such as contoso.onmicrosoft.com)", b.tenantId,
        v -> fieldProblem(b, "tenantId", x -> x.tenantId = v), v -> b.tenantId = v);
  }

  /** A managed identity's user-assigned identity, by client ID; none is the system-assigned identity. */
  void askManagedIdentity(Profile.Builder b) {
    optional(b, "User-assigned identity's client ID (empty: the system-assigned identity)", b.miClientId,
        "miClientId", (x, v) -> x.miClientId = v);
  }

  void askClientId(Profile.Builder b) {
    if (b.authMethod != null && b.authMethod.isHostIdentity()) {
      return; // the host's identity, not an app registration
    }
    ask("Client ID (Application ID GUID)", b.clientId,
        v -> fieldProblem(b, "clientId", x -> x.clientId = v), v -> b.clientId = v);
  }

  void askScopes(Profile.Builder b) {
    console.status("Scopes, space- or comma-separated. Examples:");
    console.status("  https://graph.microsoft.com/.default               (app permissions, Client Credentials)");
    console.status("  https://graph.microsoft.com/User.Read Mail.Read    (delegated, user flows)");
    console.status("  https://management.azure.com/.default              (Azure Resource Manager)");
    String current = b.scopes.isEmpty() ? DEFAULT_SCOPE : String.join(" ", b.scopes);
    ask("Scopes", current, v -> fieldProblem(b, "scopes", x -> x.scopes = Scopes.parse(v)),
        v -> b.scopes = Scopes.parse(v));
  }

  void askAuthMethod(Profile.Builder b) {
    String current = b.authMethod == null ? AuthMethod.ClientSecret.name() : b.authMethod.name();
    ask("Auth method (" + AuthMethod.choices() + ")", current, v -> parseProblem(() -> AuthMethod.parse(v)),
        v -> b.authMethod = AuthMethod.parse(v));
    if (b.authMethod.usesCertificate()) {
      ask("Certificate file (.pfx, .p12 or .pem)", b.certificatePath, v -> {
        String abs = Path.of(v).toAbsolutePath().normalize().toString();
        return fieldProblem(b, "certificatePath", x -> x.certificatePath = abs);
      }, v -> b.certificatePath = Path.of(v).toAbsolutePath().normalize().toString());
    } else if (b.authMethod == AuthMethod.FederatedToken) {
      String answer = console.prompt("Federated token file (empty: $AZURE_FEDERATED_TOKEN_FILE when a token is "
          + "asked for)", b.federatedTokenFile);
      b.federatedTokenFile = answer == null || answer.isBlank() ? null
          : Path.of(answer.trim()).toAbsolutePath().normalize().toString();
    } else if (b.authMethod == AuthMethod.AzurePipelines) {
      String answer = console.prompt("Service connection ID (empty: $AZURESUBSCRIPTION_SERVICE_CONNECTION_ID when "
          + "a token is asked for)", b.serviceConnectionId);
      b.serviceConnectionId = answer == null || answer.isBlank() ? null : answer.trim();
    } else if (b.authMethod == AuthMethod.ManagedIdentity) {
      askManagedIdentity(b);
    }
    dropUnused(b);
  }

  void askDefaultFlow(Profile.Builder b) {
    String current = b.defaultFlow != null ? b.defaultFlow.name()
        : b.authMethod == AuthMethod.None ? Flow.InteractiveBrowser.name() : Flow.ClientCredentials.name();
    ask("Default flow (" + Flow.choices() + ")", current, v -> {
      String p = parseProblem(() -> Flow.parse(v));
      return p != null ? p : fieldProblem(b, "defaultFlow", x -> x.defaultFlow = Flow.parse(v));
    }, v -> b.defaultFlow = Flow.parse(v));
  }

  void askRedirectUri(Profile.Builder b) {
    String answer = console.prompt("Redirect URI for browser flows (e.g. http://localhost:8080; empty for default)",
        b.redirectUri);
    while (answer != null && !answer.isBlank()) {
      String v = answer;
      String problem = fieldProblem(b, "redirectUri", x -> x.redirectUri = v);
      if (problem == null) {
        b.redirectUri = v;
        return;
      }
      console.warn("  " + problem);
      answer = console.prompt("Redirect URI", null);
    }
    b.redirectUri = null;
  }

  void askCloud(Profile.Builder b) {
    String current = b.cloud == null ? Cloud.AzurePublic.name() : b.cloud.name();
    ask("Cloud (" + Cloud.choices() + ")", current, v -> parseProblem(() -> Cloud.parse(v)),
        v -> b.cloud = Cloud.parse(v));
  }

  void askAuthorityHost(Profile.Builder b) {
    String answer = console.prompt("Authority host (https URL; empty for the cloud's own)", b.authorityHost);
    while (answer != null && !answer.isBlank()) {
      String v = stripSlash(answer);
      String problem = fieldProblem(b, "authorityHost", x -> x.authorityHost = v);
      if (problem == null) {
        b.authorityHost = v;
        return;
      }
      console.warn("  " + problem);
      answer = console.prompt("Authority host", null);
    }
    b.authorityHost = null;
  }

  /**
   * The first line of standard input, for {@code --secret-stdin} or {@code --passphrase-stdin}; null when there is
   * none. A line longer than {@link #MAX_SECRET_CHARS} is refused after reading no more than that.
   */
  static String stdinLine(Console console, String what) {
    String line = console.readLine(MAX_SECRET_CHARS);
    if (line != null && line.length() > MAX_SECRET_CHARS) {
      throw EntraToolException.usage("The " + what + " on standard input is longer than " + MAX_SECRET_CHARS
          + " characters", "Pipe only the " + what + ", on one line");
    }
    return line;
  }

  /**
   * The secret piped with {@code --secret-stdin}, trimmed.
   *
   * @param command how the command is run, for the hint, e.g. {@code config edit -p NAME}
   */
  static String secretFromStdin(Console console, String label, String command) {
    String line = stdinLine(console, label);
    if (line == null || line.strip().isEmpty()) {
      throw EntraToolException.usage("--secret-stdin was given, but standard input held no " + label,
          "Pipe it in: printf '%s\\n' \"$SECRET\" | entratool " + command + " --secret-stdin");
    }
    return line.strip();
  }

  /** Asks for a secret without echo until it is non-empty. */
  String askSecret(String label) {
    while (true) {
      String secret = console.promptSecret(label + " (input hidden)");
      if (secret == null) {
        throw EntraToolException.usage("No " + label.toLowerCase() + " given (input ended)", null);
      }
      if (!secret.isEmpty()) {
        return secret;
      }
      console.warn("  the " + label.toLowerCase() + " cannot be empty");
    }
  }

  /** Asks until the answer is empty (the field is left unset) or valid for {@code field}. */
  private void optional(Profile.Builder b, String label, String current, String field,
      BiConsumer<Profile.Builder, String> set) {
    String answer = console.prompt(label, current);
    while (answer != null && !answer.isBlank()) {
      String v = answer.trim();
      String problem = fieldProblem(b, field, x -> set.accept(x, v));
      if (problem == null) {
        set.accept(b, v);
        return;
      }
      console.warn("  " + problem);
      answer = console.prompt(label, null);
    }
    set.accept(b, null);
  }

  private void ask(String label, String current, java.util.function.Function<String, String> problemOf,
      Consumer<String> accept) {
    while (true) {
      String answer = console.prompt(label, current);
      if (answer == null || answer.isBlank()) {
        if (answer == null && current == null) {
          throw EntraToolException.usage("No answer for '" + label + "' (input ended)", null);
        }
        console.warn("  a value is required");
        continue;
      }
      String problem = problemOf.apply(answer);
      if (problem == null) {
        accept.accept(answer);
        return;
      }
      console.warn("  " + problem);
      current = null;
    }
  }

  private static String parseProblem(java.util.function.Supplier<?> parse) {
    try {
      parse.get();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The validator's message for one field, were it set as {@code change} sets it. */
  private static String fieldProblem(Profile.Builder b, String field, Consumer<Profile.Builder> change) {
    Profile.Builder copy = b.build().toBuilder();
    change.accept(copy);
    List<ProfileValidator.Problem> problems = ProfileValidator.problems(copy.build(), true);
    return problems.stream().filter(p -> p.field().equals(field)).map(ProfileValidator.Problem::message)
        .findFirst().orElse(null);
  }

  /** Usage error listing every problem; used before anything is saved. */
  static void requireValid(Profile p) {
    List<ProfileValidator.Problem> problems = ProfileValidator.problems(p, true);
    if (!problems.isEmpty()) {
      StringBuilder sb = new StringBuilder("Invalid profile: ");
      for (int i = 0; i < problems.size(); i++) {
        sb.append(i == 0 ? "" : "; ").append(problems.get(i));
      }
      throw EntraToolException.usage(sb.toString(), "Fix the values above; see 'entratool config create --help'");
    }
  }
}
