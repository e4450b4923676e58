package dev.entratool.cli;

import dev.entratool.auth.ClaimsValue;
import dev.entratool.auth.TokenQuery;
import dev.entratool.error.EntraToolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** The options of {@code get-token} and {@code refresh} that change what is asked of the authority for one call. */
final class RequestOptions {
  /** More than any WWW-Authenticate value or access token: an endless input ends in an error, not out of memory. */
  private static final int MAX_INPUT = 64 * 1024;

  @Option(names = "--tenant", paramLabel = "TENANT", description = "The profile's app in this tenant (ID or domain), "
      + "for this call only: a multi-tenant app consented there; tokens are cached per tenant")
  String tenant;

  @Option(names = "--claims", paramLabel = "CLAIMS", description = "The claims a resource's challenge asks for "
      + "(its claims=\"...\" value: base64, base64url or JSON); asks the authority, skipping the cache")
  String claims;

  @Option(names = "--claims-challenge", paramLabel = "HEADER", description = "The resource's whole WWW-Authenticate "
      + "value (or - to read it from stdin); its claims are asked for as with --claims")
  String challenge;

  /**
   * The query of a call with these options.
   *
   * @param assertion get-token's On-Behalf-Of options, or null for a command without them
   */
  TokenQuery query(AppContext context, String profile, String flow, String scope, int minValidity, boolean force,
      AssertionOptions assertion) {
    if (claims != null && challenge != null) {
      throw EntraToolException.usage("--claims and --claims-challenge exclude each other", "Give one of them");
    }
    boolean challengeOnStdin = "-".equals(challenge);
    String json = claims != null ? ClaimsValue.parse(claims, "--claims")
        : challenge != null ? ClaimsValue.fromChallenge(challengeOnStdin
            ? readStdin(context, "--claims-challenge -") : challenge)
        : null;
    return new TokenQuery(profile, flow, scope, minValidity, force, tenant, json,
        assertion == null ? null : assertion.read(context, challengeOnStdin));
  }

  /** Standard input, at most {@link #MAX_INPUT} bytes. */
  static String readStdin(AppContext context, String option) {
    try {
      return bounded(context.stdin(), option);
    } catch (IOException e) {
      throw EntraToolException.usage(option + ": cannot read standard input: " + e.getMessage(), null);
    }
  }

  /** A stream's text, at most {@link #MAX_INPUT} bytes (more is exit 2). */
  static String bounded(InputStream in, String option) throws IOException {
    byte[] bytes = in.readNBytes(MAX_INPUT + 1);
    if (bytes.length > MAX_INPUT) {
      throw EntraToolException.usage(option + ": more than " + MAX_INPUT + " bytes, more than a token or header",
          "Pass only the token (or the header's value)");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
