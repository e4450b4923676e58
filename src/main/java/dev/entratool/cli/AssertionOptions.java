package dev.entratool.cli;

import dev.entratool.auth.UserAssertionText;
import dev.entratool.error.EntraToolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code get-token -f OnBehalfOf}'s input: the user token the middle tier received, from a file or stdin. */
final class AssertionOptions {
  @Option(names = "--assertion-file", paramLabel = "FILE", description = "-f OnBehalfOf: the file holding the "
      + "user token the middle tier received")
  Path assertionFile;

  @Option(names = "--assertion", paramLabel = "-", description = "-f OnBehalfOf: - reads the user token from stdin "
      + "(never given as a value: it would show in the process list)")
  String assertion;

  /**
   * The user token, or null when neither option is given.
   *
   * @param stdinTaken another option of the call reads standard input
   */
  UserAssertionText read(AppContext context, boolean stdinTaken) {
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
    if (assertion != null && stdinTaken) {
      throw EntraToolException.usage("--assertion - and --claims-challenge - cannot both read standard input",
          "Pass the token with --assertion-file FILE");
    }
    UserAssertionText text = new UserAssertionText(assertion != null
        ? RequestOptions.readStdin(context, "--assertion -") : readFile(assertionFile));
    if (text.isEmpty()) {
      throw EntraToolException.usage("The user token for OnBehalfOf is empty", "Pass the token the middle tier "
          + "received, as it came (without \"Bearer \")");
    }
    return text;
  }

  private static String readFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return RequestOptions.bounded(in, "--assertion-file");
    } catch (IOException e) {
      throw EntraToolException.usage("Cannot read --assertion-file " + file + ": " + e.getMessage(), null);
    }
  }
}
