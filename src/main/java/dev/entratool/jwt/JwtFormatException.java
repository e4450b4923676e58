package dev.entratool.jwt;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;

/**
 * The input is not a token entratool can read: empty, too large, or not a well-formed signed JWT. Always exit code 8
 * ({@link ExitCode#NO_TOKEN}); the message names what is wrong and never quotes the input.
 */
public final class JwtFormatException extends EntraToolException {
  static final String HINT =
      "Pass the access token itself (three base64url parts separated by dots), e.g. from "
          + "'entratool get-token -p NAME --silent'";

  public JwtFormatException(String message) {
    this(message, HINT);
  }

  public JwtFormatException(String message, String hint) {
    super(ExitCode.NO_TOKEN, message, hint);
  }
}
