package dev.entratool.profile;

import dev.entratool.error.EntraToolException;
import dev.entratool.platform.Environment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Profiles that are never saved, for one-line CI use: {@code get-token --from-env} reads the variables the Azure SDKs
 * read ({@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID}, one credential, {@code AZURE_AUTHORITY_HOST}), and
 * {@code get-token --managed-identity} uses the host's identity. Their names are derived from tenant, client and
 * method, so their cached tokens are found again by the next call with the same variables and never by another.
 */
public final class TransientProfiles {
  public static final String TENANT = "AZURE_TENANT_ID";
  public static final String CLIENT = "AZURE_CLIENT_ID";
  public static final String SECRET = "AZURE_CLIENT_SECRET";
  public static final String CERTIFICATE = "AZURE_CLIENT_CERTIFICATE_PATH";
  public static final String CERTIFICATE_PASSWORD = "AZURE_CLIENT_CERTIFICATE_PASSWORD";
  public static final String TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE";
  public static final String AUTHORITY_HOST = "AZURE_AUTHORITY_HOST";

  private static final String FROM_ENV = "from-env.";
  private static final String MANAGED_IDENTITY = "managed-identity.";

  private TransientProfiles() {}

  /**
   * True for a profile built here, never saved: its hints name the variable or option to fix, as no {@code config}
   * command can change it.
   */
  public static boolean isUnsaved(Profile p) {
    return isUnsaved(p.name());
  }

  /** The name prefixes of these profiles, which no saved profile may take, for a message. */
  public static String reservedPrefixes() {
    return "'" + FROM_ENV + "' or '" + MANAGED_IDENTITY + "'";
  }

  /** {@link #isUnsaved(Profile)} by the profile's name. */
  public static boolean isUnsaved(String profileName) {
    return profileName.startsWith(FROM_ENV) || profileName.startsWith(MANAGED_IDENTITY);
  }

  /** The profile the environment describes; exit 3 naming a variable that is missing, conflicting or invalid. */
  public static Profile fromEnvironment(Environment env, List<String> scopes) {
    List<String> missing = new ArrayList<>();
    String tenant = env.get(TENANT).orElse(null);
    String client = env.get(CLIENT).orElse(null);
    if (tenant == null) {
      missing.add(TENANT);
    }
    if (client == null) {
      missing.add(CLIENT);
    }
    List<String> credentials = new ArrayList<>();
    for (String variable : List.of(SECRET, CERTIFICATE, TOKEN_FILE)) {
      if (env.get(variable).isPresent()) {
        credentials.add(variable);
      }
    }
    if (!missing.isEmpty() || credentials.isEmpty()) {
      List<String> all = new ArrayList<>(missing);
      if (credentials.isEmpty()) {
        all.add("one of " + SECRET + ", " + CERTIFICATE + " or " + TOKEN_FILE);
      }
      throw EntraToolException.profile("--from-env needs " + String.join(" and ", all) + ", which "
          + (all.size() > 1 ? "are" : "is") + " not set", "Set " + TENANT + ", " + CLIENT + " and one credential "
          + "variable (see 'Without a saved profile' in the README), or use a saved profile with -p");
    }
    if (credentials.size() > 1) {
      throw EntraToolException.profile("--from-env found " + String.join(" and ", credentials) + " set: it takes "
          + "exactly one credential", "Unset all but one of them");
    }
    Profile.Builder b = Profile.builder();
    b.tenantId = tenant;
    b.clientId = client;
    b.scopes = scopes;
    b.authorityHost = env.get(AUTHORITY_HOST).map(h -> h.endsWith("/") ? h.substring(0, h.length() - 1) : h)
        .orElse(null);
    switch (credentials.get(0)) {
      case SECRET -> b.authMethod = AuthMethod.ClientSecret;
      case CERTIFICATE -> {
        b.certificatePath = env.get(CERTIFICATE).get();
        b.authMethod = env.get(CERTIFICATE_PASSWORD).isPresent() ? AuthMethod.Certificate
            : AuthMethod.PasswordlessCertificate;
      }
      default -> {
        b.authMethod = AuthMethod.FederatedToken;
        b.federatedTokenFile = env.get(TOKEN_FILE).get();
      }
    }
    b.name = FROM_ENV + digest(b.authMethod + "|" + tenant + "|" + client + "|" + b.authorityHost);
    return checked(b.build(), "the environment's");
  }

  /** The host's managed identity: system-assigned, or the user-assigned one with {@code miClientId}. */
  public static Profile managedIdentity(String miClientId, List<String> scopes) {
    Profile.Builder b = Profile.builder();
    b.authMethod = AuthMethod.ManagedIdentity;
    b.miClientId = miClientId;
    b.scopes = scopes;
    b.name = MANAGED_IDENTITY + digest(miClientId == null ? "system" : miClientId.toLowerCase());
    return checked(b.build(), "--mi-client-id's");
  }

  private static Profile checked(Profile p, String what) {
    List<ProfileValidator.Problem> problems = ProfileValidator.problems(p, false);
    if (!problems.isEmpty()) {
      ProfileValidator.Problem first = problems.get(0);
      String variable = switch (first.field()) {
        case "tenantId" -> TENANT;
        case "clientId" -> CLIENT;
        case "authorityHost" -> AUTHORITY_HOST;
        case "miClientId" -> "--mi-client-id";
        default -> first.field();
      };
      throw EntraToolException.profile(variable + " is not valid: " + first.message(), "Fix " + what + " value of "
          + variable);
    }
    return p;
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
