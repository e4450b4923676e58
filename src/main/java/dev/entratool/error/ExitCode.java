package dev.entratool.error;

/** The one exit-code contract shared by every command (documented in the README and in {@code --help}). */
public enum ExitCode {
  SUCCESS(0, "success"),
  UNEXPECTED(1, "unexpected error"),
  USAGE(2, "invalid usage (unknown option, bad value, missing argument)"),
  PROFILE(3, "profile not found or invalid"),
  AUTH_REJECTED(4, "authentication rejected by the authority"),
  NETWORK(5, "network or TLS failure, or no usable answer from the authority"),
  TIMEOUT(6, "timed out"),
  TOKEN_EXPIRED(7, "token expired or not yet valid"),
  NO_TOKEN(8, "no usable token (malformed, missing, nothing cached, no refresh token, no Azure CLI sign-in)"),
  INTERRUPTED(130, "cancelled with Ctrl-C");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
