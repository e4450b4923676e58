package dev.entratool.cli;

import dev.entratool.auth.ClaimsValue;
import dev.entratool.auth.TokenQuery;
import dev.entratool.error.EntraToolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** {@code get-token}'s options that change what is asked of the authority for this call only. */
final class RequestOptions {
  /** More than any WWW-Authenticate value: an endless stdin ends in an error, not out of memory. */
  private static final int MAX_CHALLENGE = 16 * 1024;

  @Option(names = "--tenant", paramLabel = "TENANT", description = "The profile's app in this tenant (ID or domain), "
      + "for this call only: a multi-tenant app consented there; tokens are cached per tenant")
  String tenant;

  @Option(names = "--claims", paramLabel = "CLAIMS", description = "The claims a resource's challenge asks for "
      + "(its claims=\"...\" value: base64, base64url or JSON); asks the authority, skipping the cache")
  String claims;

  @Option(names = "--claims-challenge", paramLabel = "HEADER", description = "The resource's whole WWW-Authenticate "
      + "value (or - to read it from stdin); its claims are asked for as with --claims")
  String challenge;

  /** The query of a get-token call with these options. */
  TokenQuery query(AppContext context, String profile, String flow, String scope, int minValidity, boolean force) {
    if (claims != null && challenge != null) {
      throw EntraToolException.usage("--claims and --claims-challenge exclude each other", "Give one of them");
    }
    String json = claims != null ? ClaimsValue.parse(claims, "--claims")
        : challenge != null ? ClaimsValue.fromChallenge(challenge.equals("-") ? readStdin(context) : challenge)
        : null;
    return new TokenQuery(profile, flow, scope, minValidity, force, tenant, json);
  }

  private static String readStdin(AppContext context) {
    byte[] bytes;
    try {
      bytes = context.stdin().readNBytes(MAX_CHALLENGE + 1);
    } catch (IOException e) {
      throw EntraToolException.usage("Cannot read the challenge from standard input: " + e.getMessage(), null);
    }
    if (bytes.length > MAX_CHALLENGE) {
      throw EntraToolException.usage("--claims-challenge -: standard input holds more than a WWW-Authenticate value",
          "Pipe only the header's value");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
