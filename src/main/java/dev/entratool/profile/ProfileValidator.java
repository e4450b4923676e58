package dev.entratool.profile;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one place that says whether a profile is well-formed. */
public final class ProfileValidator {
  private static final List<String> TENANT_ALIASES = List.of("common", "organizations", "consumers");

  /** One problem: the field and what is wrong. */
  public record Problem(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private ProfileValidator() {}

  // Character loops, not regular expressions: config list validates every profile, and the JDK's regex engine is
  // slow before the JIT has compiled it.

  /** 1 to 64 of letters, digits, '.', '_' and '-'. */
  public static boolean isName(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** 8-4-4-4-12 hexadecimal digits. */
  static boolean isGuid(String s) {
    if (s == null || s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isHexDigit(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A DNS name of at most 253 characters with at least two labels: labels of 1 to 63 letters, digits and inner
   * hyphens, the last one 2 to 63 letters.
   */
  static boolean isDomain(String s) {
    if (s.isEmpty() || s.length() > 253) {
      return false;
    }
    int lastDot = s.lastIndexOf('.');
    if (lastDot < 0) {
      return false;
    }
    // label by label, without splitting: config list checks every profile's tenant
    int start = 0;
    while (start <= s.length()) {
      int end = s.indexOf('.', start);
      if (end < 0) {
        end = s.length();
      }
      boolean last = start > lastDot;
      int length = end - start;
      if (length == 0 || length > 63 || (last && length < 2)) {
        return false;
      }
      for (int j = start; j < end; j++) {
        char c = s.charAt(j);
        boolean ok = last ? isAsciiLetter(c) : isAsciiLetterOrDigit(c) || (c == '-' && j > start && j < end - 1);
        if (!ok) {
          return false;
        }
      }
      start = end + 1;
    }
    return true;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9');
  }

  /**
   * Problems with the profile's own fields. {@code checkFiles} also checks that a certificate file exists and is
   * readable (done when saving, not when loading, so a moved file does not hide the whole profile list).
   */
  public static List<Problem> problems(Profile p, boolean checkFiles) {
    List<Problem> out = new ArrayList<>();
    if (p.name() == null || !isName(p.name())) {
      out.add(new Problem("name",
          "'" + p.name() + "' is not a valid profile name (1-64 of letters, digits, '.', '_', '-')"));
    }
    AuthMethod method = p.authMethod();
    String tenantProblem = method == AuthMethod.ManagedIdentity
        ? p.tenantId() == null ? null : "set, but a managed identity signs in in its own tenant (leave it out)"
        : method == AuthMethod.AzureCli && p.tenantId() == null ? null : tenantProblem(p.tenantId());
    if (tenantProblem != null) {
      out.add(new Problem("tenantId", tenantProblem));
    }
    if (method != null && method.isHostIdentity()) {
      if (p.clientId() != null) {
        out.add(new Problem("clientId", "set, but " + method + " uses no app registration of its own (leave it out"
            + (method == AuthMethod.ManagedIdentity ? "; a user-assigned identity is named with --mi-client-id)"
            : ")")));
      }
    } else if (p.clientId() == null || !isGuid(p.clientId())) {
      out.add(new Problem("clientId",
          "'" + p.clientId() + "' is not a GUID (the Application (client) ID from the app registration, "
              + "like 12345678-1234-1234-1234-123456789abc)"));
    }
    if (p.scopes().isEmpty()) {
      out.add(new Problem("scopes", "at least one scope is needed, e.g. https://graph.microsoft.com/.default"));
    }
    for (String s : p.scopes()) {
      String problem = Scopes.problem(s);
      if (problem != null) {
        out.add(new Problem("scopes", problem));
      }
    }
    if (p.authMethod() == null) {
      out.add(new Problem("authMethod", "missing (one of " + AuthMethod.choices() + ")"));
    } else if (p.authMethod().usesCertificate()) {
      if (p.certificatePath() == null || p.certificatePath().isBlank()) {
        out.add(new Problem("certificatePath", "a certificate file (.pfx, .p12 or .pem) is needed for "
            + p.authMethod()));
      } else if (checkFiles) {
        Path cert = Path.of(p.certificatePath());
        if (!Files.isRegularFile(cert)) {
          out.add(new Problem("certificatePath", "no such file: " + cert.toAbsolutePath()));
        } else if (!Files.isReadable(cert)) {
          out.add(new Problem("certificatePath", "cannot read " + cert.toAbsolutePath() + " (permissions)"));
        }
      }
    } else if (p.certificatePath() != null) {
      out.add(new Problem("certificatePath", "set, but the auth method " + p.authMethod() + " uses no certificate"));
    }
    if (p.federatedTokenFile() != null && p.authMethod() != AuthMethod.FederatedToken) {
      out.add(new Problem("federatedTokenFile", "set, but the auth method " + p.authMethod()
          + " reads no token file (use FederatedToken)"));
    }
    if (p.serviceConnectionId() != null && p.authMethod() != AuthMethod.AzurePipelines) {
      out.add(new Problem("serviceConnectionId", "set, but the auth method " + p.authMethod()
          + " uses no service connection (use AzurePipelines)"));
    }
    for (String capability : p.clientCapabilities()) {
      if (!capability.matches("[A-Za-z0-9_]{1,32}")) {
        out.add(new Problem("clientCapabilities", "'" + capability + "' is not a capability such as cp1"));
      }
    }
    if (!p.clientCapabilities().isEmpty() && method != null && method.isHostIdentity()) {
      out.add(new Problem("clientCapabilities", "set, but " + method + " gets its tokens without an app of its "
          + "own to declare them"));
    }
    managedIdentityProblems(p, out);
    if (method != null && method.isHostIdentity() && p.defaultFlow() != null
        && p.defaultFlow() != Flow.ClientCredentials) {
      out.add(new Problem("defaultFlow", method + " gets tokens only as ClientCredentials does, not with "
          + p.defaultFlow()));
    }
    if (p.defaultFlow() != null && p.authMethod() == AuthMethod.None
        && p.defaultFlow().needsConfidentialClient()) {
      out.add(new Problem("defaultFlow", p.defaultFlow() + " needs a client secret or certificate, but the auth "
          + "method is None (use DeviceCode or InteractiveBrowser, or choose ClientSecret/Certificate)"));
    }
    if (p.redirectUri() != null) {
      String problem = redirectProblem(p.redirectUri());
      if (problem != null) {
        out.add(new Problem("redirectUri", problem));
      }
    }
    if (p.authorityHost() != null) {
      String problem = authorityHostProblem(p.authorityHost());
      if (problem != null) {
        out.add(new Problem("authorityHost", problem));
      }
    }
    return out;
  }

  /** At most one user-assigned identity, and only for ManagedIdentity: a client or object ID GUID, a resource ID. */
  private static void managedIdentityProblems(Profile p, List<Problem> out) {
    int given = (p.miClientId() != null ? 1 : 0) + (p.miObjectId() != null ? 1 : 0)
        + (p.miResourceId() != null ? 1 : 0);
    if (given > 0 && p.authMethod() != AuthMethod.ManagedIdentity) {
      out.add(new Problem("miClientId", "a user-assigned identity is set, but the auth method is "
          + p.authMethod() + " (use ManagedIdentity)"));
      return;
    }
    if (given > 1) {
      out.add(new Problem("miClientId", "give exactly one of miClientId, miObjectId and miResourceId (or none for "
          + "the system-assigned identity)"));
    }
    if (p.miClientId() != null && !isGuid(p.miClientId())) {
      out.add(new Problem("miClientId", "'" + p.miClientId() + "' is not a GUID (the identity's client ID)"));
    }
    if (p.miObjectId() != null && !isGuid(p.miObjectId())) {
      out.add(new Problem("miObjectId", "'" + p.miObjectId() + "' is not a GUID (the identity's object ID)"));
    }
    if (p.miResourceId() != null && !p.miResourceId().toLowerCase(Locale.ROOT).startsWith("/subscriptions/")) {
      out.add(new Problem("miResourceId", "'" + p.miResourceId() + "' is not an Azure resource ID "
          + "(/subscriptions/.../providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME)"));
    }
  }

  public static String tenantProblem(String tenant) {
    if (tenant == null || tenant.isBlank()) {
      return "missing (a directory (tenant) ID GUID, a domain like contoso.onmicrosoft.com, or common/organizations)";
    }
    if (isGuid(tenant) || TENANT_ALIASES.contains(tenant.toLowerCase(Locale.ROOT)) || isDomain(tenant)) {
      return null;
    }
    return "'" + tenant + "' is not a tenant ID GUID, a domain (contoso.onmicrosoft.com), common or organizations";
  }

  static String redirectProblem(String redirect) {
    URI uri;
    try {
      uri = new URI(redirect);
    } catch (URISyntaxException e) {
      return "'" + redirect + "' is not a URI";
    }
    if (uri.getHost() == null) {
      return "'" + redirect + "' has no host (e.g. http://localhost:8080)";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean loopback = uri.getHost().equals("localhost") || uri.getHost().equals("127.0.0.1")
        || uri.getHost().equals("[::1]");
    if (scheme.equals("http") && !loopback) {
      return "'" + redirect + "': plain http is only allowed for localhost/127.0.0.1 redirects";
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "'" + redirect + "' must be an http://localhost[:port] or https URL";
    }
    return null;
  }

  static String authorityHostProblem(String host) {
    URI uri;
    try {
      uri = new URI(host);
    } catch (URISyntaxException e) {
      return "'" + host + "' is not a URL";
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      return "'" + host + "' must use https (tokens are never requested over plain http)";
    }
    if (uri.getHost() == null) {
      return "'" + host + "' has no host name";
    }
    if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
      return "'" + host + "' must be just scheme, host and optional port, e.g. https://login.example.com";
    }
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
      return "'" + host + "' must not contain a path: the tenant is added from tenantId";
    }
    return null;
  }
}
