package dev.entratool.profile;

/** How the application proves its identity to Entra ID. */
public enum AuthMethod {
  /** Confidential client with a client secret kept in the secret store. */
  ClientSecret,
  /** Confidential client with a certificate file whose password is kept in the secret store. */
  Certificate,
  /** Confidential client with a certificate file that has no password. */
  PasswordlessCertificate,
  /** Public client: no credential (device code, interactive browser). */
  None;

  public boolean usesCertificate() {
    return this == Certificate || this == PasswordlessCertificate;
  }

  public boolean isConfidential() {
    return this != None;
  }

  public static AuthMethod parse(String text) {
    return Names.parse(AuthMethod.class, text, "auth method");
  }

  public static String choices() {
    return Names.list(AuthMethod.class);
  }
}
