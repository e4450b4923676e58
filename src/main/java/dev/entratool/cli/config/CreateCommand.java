package dev.entratool.cli.config;

import dev.entratool.cli.AppContext;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.profile.AuthMethod;
import dev.entratool.profile.Flow;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.transfer.ProfileChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code config create}: prompts on a terminal for what the flags leave out. */
@Command(
    name = "create",
    header = "Create a profile (interactive prompts, or flags for scripts).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create a profile. On a terminal, asks for every value the flags leave out;",
      "in scripts, give the flags and pipe the secret with --secret-stdin (never as a flag value)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool config create",
      "  printf '%%s\\n' \"$SECRET\" | entratool config create --name graph-sp --tenant contoso.onmicrosoft.com \\",
      "      --client-id 12345678-1234-1234-1234-123456789abc --scopes https://graph.microsoft.com/.default \\",
      "      --auth-method ClientSecret --secret-stdin",
      "  entratool config create --name cert-sp --tenant contoso.onmicrosoft.com \\",
      "      --client-id 12345678-1234-1234-1234-123456789abc --certificate-path ~/certs/sp.pfx \\",
      "      --auth-method PasswordlessCertificate",
      "  entratool config create --name vm --auth-method ManagedIdentity --scopes https://management.azure.com/.default",
      "  entratool config create --name me --tenant organizations \\",
      "      --client-id 12345678-1234-1234-1234-123456789abc --auth-method None --default-flow DeviceCode \\",
      "      --scopes \"https://graph.microsoft.com/User.Read\""
    })
final class CreateCommand implements Callable<Integer> {
  private final AppContext context;
  @Spec CommandSpec spec;

  @Option(names = "--name", paramLabel = "NAME", description = "Profile name: letters, digits, '.', '_', '-'")
  String name;

  @Mixin ProfileFieldOptions fields;

  CreateCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    ProfileStore store = context.profiles();
    ProfileForm form = new ProfileForm(console);
    Profile.Builder b = Profile.builder();
    b.name = name;
    form.applyFlags(fields, b);
    boolean prompt = console.interactive() && !fields.secretStdin;
    String secret = null;
    if (prompt) {
      if (b.name == null || store.find(b.name).isPresent()) {
        form.askName(b, n -> store.find(n).isPresent());
      }
      // the method first: it decides which of the questions below apply
      if (b.authMethod == null || b.authMethod.usesCertificate() && b.certificatePath == null) {
        form.askAuthMethod(b);
      } else if (b.authMethod == AuthMethod.ManagedIdentity && b.miClientId == null && b.miObjectId == null
          && b.miResourceId == null) {
        form.askManagedIdentity(b);
      }
      if (b.tenantId == null) {
        form.askTenant(b);
      }
      if (b.clientId == null) {
        form.askClientId(b);
      }
      if (fields.scopes == null) {
        form.askScopes(b);
      }
      SecretKind asked = ProfileChanges.secretKind(b.authMethod);
      if (asked != null) {
        secret = form.askSecret(capitalize(asked.label()));
      }
      if (fields.defaultFlow == null && !b.authMethod.isHostIdentity()) { // they get tokens only one way
        form.askDefaultFlow(b);
      }
      if (fields.redirectUri == null && b.defaultFlow != null && b.defaultFlow.signsInUser()
          && b.defaultFlow != Flow.DeviceCode) {
        form.askRedirectUri(b);
      }
    } else {
      requireFlags(b);
    }
    if (b.scopes.isEmpty()) {
      b.scopes = List.of(ProfileForm.DEFAULT_SCOPE);
    }
    if (b.authMethod == null) {
      b.authMethod = AuthMethod.ClientSecret;
    }
    if (b.defaultFlow == null) {
      b.defaultFlow = b.authMethod == AuthMethod.None ? Flow.InteractiveBrowser : Flow.ClientCredentials;
    }
    Profile profile = b.build();
    ProfileForm.requireValid(profile);
    if (store.find(profile.name()).isPresent()) { // before asking for the secret; checked again under the lock
      throw EntraToolException.usage("Profile '" + profile.name() + "' already exists",
          "Choose another name, or change it with 'entratool config edit -p " + profile.name() + "'");
    }

    SecretKind kind = ProfileChanges.secretKind(profile.authMethod());
    if (kind == null) {
      secret = null;
    } else if (secret == null) {
      secret = readSecret(console, form, kind);
    }
    context.profileChanges(console).create(profile, secret);
    CertificateCheck.warnIfUnusable(console, profile, secret, context.clock().instant());
    console.status("✓ Profile '" + profile.name() + "' created in " + store.file());
    if (secret != null) {
      console.status("✓ " + capitalize(kind.label()) + " stored in " + context.secrets(console).backendName());
    }
    return 0;
  }

  private void requireFlags(Profile.Builder b) {
    List<String> missing = new ArrayList<>();
    if (b.name == null) {
      missing.add("--name");
    }
    boolean hostIdentity = b.authMethod != null && b.authMethod.isHostIdentity();
    if (b.tenantId == null && !hostIdentity) {
      missing.add("--tenant");
    }
    if (b.clientId == null && !hostIdentity) {
      missing.add("--client-id");
    }
    if (!missing.isEmpty()) {
      throw EntraToolException.usage("Missing " + String.join(", ", missing)
          + (console().interactive() ? "" : " (standard input is not a terminal, so entratool cannot ask)"),
          "Give every value as a flag; see 'entratool config create --help'");
    }
  }

  private Console console() {
    return context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  private String readSecret(Console console, ProfileForm form, SecretKind kind) {
    if (fields.secretStdin) {
      return ProfileForm.secretFromStdin(console, kind.label(), "config create ...");
    }
    if (console.interactive()) {
      return form.askSecret(capitalize(kind.label()));
    }
    throw EntraToolException.usage("The " + kind.label() + " is needed, and standard input is not a terminal",
        "Pipe it with --secret-stdin (secrets are never accepted as flag values)");
  }

  static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
