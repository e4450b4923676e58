package dev.entratool.auth;

/**
 * The token a middle tier received from its caller, for On-Behalf-Of: a secret, so it is shown nowhere (not in
 * {@code toString}, not in messages) and is never a flag's value (it comes from a file or stdin).
 */
public final class UserAssertionText {
  private final String token;

  public UserAssertionText(String token) {
    this.token = token.trim();
  }

  String token() {
    return token;
  }

  public boolean isEmpty() {
    return token.isEmpty();
  }

  @Override
  public String toString() {
    return "UserAssertionText[hidden]";
  }
}
