package dev.entratool.cli;

import dev.entratool.auth.ClaimsValue;
import dev.entratool.auth.TokenQuery;
import dev.entratool.auth.UserAssertionText;
import dev.entratool.error.EntraToolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code get-token}'s options that change what is asked of the authority for this call only. */
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

  @Option(names = "--assertion-file", paramLabel = "FILE", description = "-f OnBehalfOf: the file holding the "
      + "user token the middle tier received")
  Path assertionFile;

  @Option(names = "--assertion", paramLabel = "-", description = "-f OnBehalfOf: - reads the user token from stdin "
      + "(never given as a value: it would show in the process list)")
  String assertion;

  /** The query of a get-token call with these options. */
  TokenQuery query(AppContext context, String profile, String flow, String scope, int minValidity, boolean force) {
    if (claims != null && challenge != null) {
      throw EntraToolException.usage("--claims and --claims-challenge exclude each other", "Give one of them");
    }
    String json = claims != null ? ClaimsValue.parse(claims, "--claims")
        : challenge != null ? ClaimsValue.fromChallenge(challenge.equals("-")
            ? readStdin(context, "--claims-challenge -") : challenge)
        : null;
    return new TokenQuery(profile, flow, scope, minValidity, force, tenant, json, assertion(context));
  }

  private UserAssertionText assertion(AppContext context) {
    if (assertion != null && !assertion.equals("-")) {
      throw EntraToolException.usage("--assertion takes only - (standard input): a token given as a value shows in "
          + "the process list", "Use --assertion - and pipe the token in, or --assertion-file FILE");
    }
    if (assertion != null && assertionFile != null) {
      throw EntraToolException.usage("--assertion and --assertion-file exclude each other", "Give one of them");
    }
    if (assertion == null && assertionFile == null) {
      return null;
    }
    if (assertion != null && challenge != null && challenge.equals("-")) {
      throw EntraToolException.usage("--assertion - and --claims-challenge - cannot both read standard input",
          "Pass the token with --assertion-file FILE");
    }
    UserAssertionText text = new UserAssertionText(assertion != null ? readStdin(context, "--assertion -")
        : readFile(assertionFile));
    if (text.isEmpty()) {
      throw EntraToolException.usage("The user token for OnBehalfOf is empty", "Pass the token the middle tier "
          + "received, as it came (without \"Bearer \")");
    }
    return text;
  }

  private static String readFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return bounded(in.readNBytes(MAX_INPUT + 1), "--assertion-file");
    } catch (IOException e) {
      throw EntraToolException.usage("Cannot read --assertion-file " + file + ": " + e.getMessage(), null);
    }
  }

  private static String readStdin(AppContext context, String option) {
    try {
      return bounded(context.stdin().readNBytes(MAX_INPUT + 1), option);
    } catch (IOException e) {
      throw EntraToolException.usage(option + ": cannot read standard input: " + e.getMessage(), null);
    }
  }

  private static String bounded(byte[] bytes, String option) {
    if (bytes.length > MAX_INPUT) {
      throw EntraToolException.usage(option + ": more than " + MAX_INPUT + " bytes, more than a token or header",
          "Pass only the token (or the header's value)");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
