package dev.entratool.error;

/**
 * A failure the user can act on: a one-line cause, an optional hint, and the exit code it maps to. The message must
 * never contain a secret.
 */
public class EntraToolException extends RuntimeException {
  private final ExitCode exitCode;
  private final String hint;

  public EntraToolException(ExitCode exitCode, String message, String hint) {
    this(exitCode, message, hint, null);
  }

  public EntraToolException(ExitCode exitCode, String message, String hint, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  /** What the user can do about it, or null. */
  public String hint() {
    return hint;
  }

  public static EntraToolException usage(String message, String hint) {
    return new EntraToolException(ExitCode.USAGE, message, hint);
  }

  public static EntraToolException profile(String message, String hint) {
    return new EntraToolException(ExitCode.PROFILE, message, hint);
  }
}
