package dev.entratool.cli.config;

import dev.entratool.cli.AppContext;
import dev.entratool.cli.ProfileOption;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import dev.entratool.transfer.KeepSecrets;
import dev.entratool.transfer.ProfileChanges;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code config edit}: change fields by flag, or pick one field from a menu on a terminal. */
@Command(
    name = "edit",
    header = "Change a profile's fields or its secret.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Change a profile. With flags, sets those fields; on a terminal without flags, asks which field",
        "to change (for example 'Client Secret' after rotating it in the Azure portal)."},
    footerHeading = "%nExamples:%n",
    footer = {
      "  entratool config edit -p graph-sp                 # choose: Client Secret, then enter the new secret",
      "  printf '%%s\\n' \"$NEW_SECRET\" | entratool config edit -p graph-sp --secret-stdin",
      "  entratool config edit -p graph-sp --scopes \"https://management.azure.com/.default\""
    })
final class EditCommand implements Callable<Integer> {
  /** Menu entries, in the order shown. */
  static final List<String> FIELDS = List.of("Tenant ID", "Client ID", "Scopes", "Auth method", "Client Secret",
      "Certificate path", "Certificate password", "Default flow", "Redirect URI", "Cloud", "Authority host");

  private final AppContext context;
  @Spec CommandSpec spec;
  @Mixin ProfileOption profile;
  @Mixin ProfileFieldOptions fields;

  @Option(names = "--keep-secrets", description = "When the sign-in host, cloud or tenant changes, keep the stored "
      + "secret for the new one (without this it is removed, or on a terminal you are asked)")
  boolean keepSecrets;

  EditCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (profile.name() == null) {
      throw EntraToolException.usage("Missing -p PROFILE", "Run 'entratool config list' to see your profiles");
    }
    ProfileStore store = context.profiles();
    // What the flags and prompts start from. The edit itself is applied to the profile as it is once the lock is
    // held, so that a parallel edit of other fields is not undone.
    Profile current = store.require(profile.name());
    ProfileForm form = new ProfileForm(console);
    UnaryOperator<Profile> change;
    String newSecret = null;
    if (fields.anyFieldSet() || fields.secretStdin) {
      change = p -> {
        Profile.Builder b = p.toBuilder();
        form.applyFlags(fields, b);
        return valid(b.build());
      };
      change.apply(current); // a bad value is reported before the secret is read
      if (fields.secretStdin) {
        newSecret = ProfileForm.secretFromStdin(console, "secret", "config edit -p " + current.name());
      }
    } else if (console.interactive()) {
      Profile.Builder b = current.toBuilder();
      String field = chooseField(console);
      switch (field) {
        case "Tenant ID" -> form.askTenant(b);
        case "Client ID" -> form.askClientId(b);
        case "Scopes" -> form.askScopes(b);
        case "Auth method", "Certificate path" -> form.askAuthMethod(b);
        case "Default flow" -> form.askDefaultFlow(b);
        case "Redirect URI" -> form.askRedirectUri(b);
        case "Cloud" -> form.askCloud(b);
        case "Authority host" -> form.askAuthorityHost(b);
        default -> { } // secrets below
      }
      SecretKind kind = ProfileChanges.secretKind(b.authMethod);
      boolean secretField = field.equals("Client Secret") || field.equals("Certificate password");
      if (secretField) {
        SecretKind wanted = field.equals("Client Secret") ? SecretKind.CLIENT_SECRET : SecretKind.CERTIFICATE_PASSWORD;
        if (wanted != kind) {
          throw EntraToolException.usage("Profile '" + current.name() + "' uses " + b.authMethod + ", which has no "
              + wanted.label(), "Choose 'Auth method' first to switch how the app authenticates");
        }
        newSecret = form.askSecret(CreateCommand.capitalize(kind.label()));
      } else if (kind != null && kind != ProfileChanges.secretKind(current.authMethod())) {
        newSecret = form.askSecret(CreateCommand.capitalize(kind.label()));
      }
      Profile asked = valid(b.build());
      change = p -> valid(p.withChanges(current, asked));
    } else {
      throw EntraToolException.usage("Nothing to change: give one or more field flags",
          "See 'entratool config edit --help' (on a terminal, run it without flags to pick a field)");
    }

    ProfileChanges changes = context.profileChanges(console);
    boolean secretGiven = newSecret != null;
    KeepSecrets keep = SecretKeeping.decide(console, keepSecrets, () -> changes
        .secretsToMove(current, change.apply(current), secretGiven).map(List::of).orElse(List.of()));
    ProfileChanges.Edited edited = changes.edit(current.name(), change, newSecret, keep);
    Profile after = edited.after();
    SecretStore secrets = context.secrets(console);
    if (after.authMethod().usesCertificate()) {
      CertificateCheck.warnIfUnusable(console, after, newSecret != null ? newSecret
          : secrets.read(after.name(), SecretKind.CERTIFICATE_PASSWORD).orElse(null), context.clock().instant());
    }
    console.status("✓ Profile '" + after.name() + "' updated");
    if (edited.secretStored() != null) {
      console.status("✓ " + CreateCommand.capitalize(edited.secretStored().label()) + " stored in "
          + secrets.backendName());
    }
    if (edited.secretsRemoved() != null) {
      SecretKeeping.reportRemoved(console, edited.secretsRemoved());
    }
    return 0;
  }

  private static Profile valid(Profile p) {
    ProfileForm.requireValid(p);
    return p;
  }

  private String chooseField(Console console) {
    console.status("Which field do you want to change?");
    for (int i = 0; i < FIELDS.size(); i++) {
      console.status(String.format("  %2d) %s", i + 1, FIELDS.get(i)));
    }
    while (true) {
      String answer = console.prompt("Field (number or name)", null);
      if (answer == null) {
        throw EntraToolException.usage("No field chosen (input ended)", null);
      }
      String match = matchField(answer);
      if (match != null) {
        return match;
      }
      console.warn("  '" + answer + "' is not one of the fields above");
    }
  }

  static String matchField(String answer) {
    String a = answer.trim();
    try {
      int n = Integer.parseInt(a);
      return n >= 1 && n <= FIELDS.size() ? FIELDS.get(n - 1) : null;
    } catch (NumberFormatException e) {
      String wanted = a.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
      return FIELDS.stream().filter(f -> f.toLowerCase(Locale.ROOT).replace(" ", "").equals(wanted))
          .findFirst().orElse(null);
    }
  }
}
