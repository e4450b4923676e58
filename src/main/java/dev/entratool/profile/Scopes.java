package dev.entratool.profile;

import dev.entratool.error.EntraToolException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parsing of scope lists as users type them. */
public final class Scopes {
  /** OpenID Connect scopes that belong to no resource and are never qualified. */
  public static final Set<String> OIDC = Set.of("openid", "profile", "offline_access", "email");


  private Scopes() {}

  /**
   * Splits on spaces and commas, drops duplicates, and qualifies a bare permission with the resource of the
   * resource-qualified scope before it: {@code "https://graph.microsoft.com/User.Read Mail.Read"} becomes
   * {@code [https://graph.microsoft.com/User.Read, https://graph.microsoft.com/Mail.Read]}.
   */
  public static List<String> parse(String text) {
    Set<String> out = new LinkedHashSet<>();
    String resource = null;
    if (text != null) {
      for (String raw : words(text)) {
        if (raw.isEmpty()) {
          continue;
        }
        String scope = raw;
        int slash = raw.lastIndexOf('/');
        if (slash > 0) {
          resource = raw.substring(0, slash);
        } else if (resource != null && !OIDC.contains(raw)) {
          scope = resource + "/" + raw;
        }
        out.add(scope);
      }
    }
    return new ArrayList<>(out);
  }

  // Character loops, not regular expressions: the JDK's regex engine starts the lambda machinery, which costs a
  // cached get-token more than the rest of its work.

  /** The words between runs of whitespace and commas. */
  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean separator = i == text.length() || isSeparator(text.charAt(i));
      if (separator && start >= 0) {
        out.add(text.substring(start, i));
        start = -1;
      } else if (!separator && start < 0) {
        start = i;
      }
    }
    return out;
  }

  private static boolean isSeparator(char c) {
    return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** 1 to 512 printable ASCII characters, none of {@code , " ' \ < > `}. */
  private static boolean wellFormed(String scope) {
    if (scope.isEmpty() || scope.length() > 512) {
      return false;
    }
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
      switch (c) {
        case ',', '"', '\'', '\\', '<', '>', '`':
          return false;
        default:
          break;
      }
    }
    return true;
  }

  /** Parses a list given as several values, each of which may itself hold several scopes. */
  public static List<String> parse(List<String> values) {
    return parse(String.join(" ", values));
  }

  /** Null when the scope is well-formed, else what is wrong with it. */
  public static String problem(String scope) {
    if (scope == null || scope.isEmpty()) {
      return "empty scope";
    }
    if (!wellFormed(scope)) {
      return "scope '" + scope + "' has characters a scope cannot contain (spaces, commas, quotes)";
    }
    if (scope.endsWith("/")) {
      return "scope '" + scope + "' ends with '/': add the permission, e.g. " + scope + ".default";
    }
    return null;
  }

  /**
   * Requested scopes as a token's granted scopes are compared with them: lower-cased, without the OpenID scopes
   * (a token never lists those). Insertion order kept. A loop, as the start-up fast path uses it too.
   */
  public static Set<String> asGranted(Collection<String> requested) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : requested) {
      String lower = s.toLowerCase(Locale.ROOT);
      if (!OIDC.contains(lower)) {
        out.add(lower);
      }
    }
    return out;
  }

  /**
   * The scopes of a Client Credentials request: exactly one {@code <resource>/.default} (OpenID scopes aside), else
   * a usage error that suggests one.
   */
  public static List<String> clientCredentials(List<String> requested) {
    List<String> resourceScopes = new ArrayList<>();
    for (String s : requested) {
      if (!OIDC.contains(s)) {
        resourceScopes.add(s);
      }
    }
    if (resourceScopes.size() != 1 || !resourceScopes.get(0).endsWith("/.default")) {
      String suggestion = resourceScopes.isEmpty() ? "https://graph.microsoft.com/.default"
          : resourceOf(resourceScopes.get(0)) + "/.default";
      throw EntraToolException.usage("Client Credentials needs exactly one scope of the form <resource>/.default, "
          + "not '" + String.join(" ", requested) + "'",
          "Use --scope \"" + suggestion + "\": an app gets the application permissions granted to it, not scopes "
              + "chosen per request");
    }
    return List.of(resourceScopes.get(0));
  }

  /** The resource of a scope: {@code https://management.azure.com/.default} -> {@code https://management.azure.com}. */
  public static String resourceOf(String scope) {
    int slash = scope.lastIndexOf('/');
    return slash > 0 ? scope.substring(0, slash) : "https://graph.microsoft.com";
  }
}
