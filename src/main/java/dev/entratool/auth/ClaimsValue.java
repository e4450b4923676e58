package dev.entratool.auth;

import dev.entratool.error.EntraToolException;
import dev.entratool.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The claims a resource's challenge asks a new token to carry (Conditional Access step-up, a session revoked under
 * Continuous Access Evaluation): the OIDC claims request as JSON, read from the challenge's {@code claims} value as
 * given (base64url, base64 or raw JSON) or from a whole {@code WWW-Authenticate} value.
 */
public final class ClaimsValue {
  // claims="..." inside a Bearer challenge; the value is base64 (no quote or backslash in it)
  private static final Pattern CLAIMS_PARAM = Pattern.compile("(?:^|[\\s,])claims\\s*=\\s*\"([^\"]*)\"",
      Pattern.CASE_INSENSITIVE);

  private ClaimsValue() {}

  /** The claims request as JSON; a value that is neither base64(url) JSON nor a JSON object is exit 2. */
  public static String parse(String value, String option) {
    String text = value == null ? "" : value.trim();
    if (text.startsWith("{")) {
      return checked(text, option);
    }
    byte[] decoded;
    try {
      String b64 = text.replace('-', '+').replace('_', '/');
      decoded = Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw invalid(option);
    }
    String json = new String(decoded, StandardCharsets.UTF_8).trim();
    if (!json.startsWith("{")) {
      throw invalid(option);
    }
    return checked(json, option);
  }

  /** The claims of a {@code WWW-Authenticate} value ({@code Bearer ..., claims="<base64>"}), as JSON. */
  public static String fromChallenge(String header) {
    String h = header == null ? "" : header;
    Matcher m = CLAIMS_PARAM.matcher(h);
    if (!h.toLowerCase(Locale.ROOT).contains("bearer") || !m.find()) {
      throw EntraToolException.usage("--claims-challenge has no claims=\"...\" parameter of a Bearer challenge",
          "Give the whole WWW-Authenticate value of the 401 answer, e.g. Bearer realm=\"\", "
              + "error=\"insufficient_claims\", claims=\"eyJ...\"");
    }
    return parse(m.group(1), "--claims-challenge");
  }

  private static String checked(String json, String option) {
    try {
      StrictJson.parseObject(json);
      return json;
    } catch (StrictJson.Invalid e) {
      throw invalid(option);
    }
  }

  private static EntraToolException invalid(String option) {
    return EntraToolException.usage("Invalid " + option + ": neither base64 of a JSON object nor a JSON object",
        "Pass the claims value of the resource's WWW-Authenticate challenge as given (or the whole header with "
            + "--claims-challenge)");
  }
}
