package dev.entratool.profile;

/** The OAuth2 flows entratool runs. */
public enum Flow {
  ClientCredentials(false),
  AuthorizationCode(true),
  DeviceCode(true),
  InteractiveBrowser(true),
  /** A middle tier exchanges its caller's token for a downstream API's (no sign-in here: the caller's was). */
  OnBehalfOf(false);

  private final boolean signsInUser;

  Flow(boolean signsInUser) {
    this.signsInUser = signsInUser;
  }

  /** True for flows where a person signs in (and a refresh token can be cached). */
  public boolean signsInUser() {
    return signsInUser;
  }

  /** True for flows only a confidential client (with a client secret or certificate) can run. */
  public boolean needsConfidentialClient() {
    return this == ClientCredentials || this == AuthorizationCode || this == OnBehalfOf;
  }

  /** The flow to run for {@code profile}: {@code requested} if given, else the profile's default. */
  public static Flow choose(Profile profile, Flow requested) {
    if (requested != null) {
      return requested;
    }
    if (profile.defaultFlow() != null) {
      return profile.defaultFlow();
    }
    return profile.authMethod() == AuthMethod.None ? InteractiveBrowser : ClientCredentials;
  }

  /** Parses {@code ClientCredentials}, {@code client-credentials}, {@code clientcredentials}... */
  public static Flow parse(String text) {
    return Names.parse(Flow.class, text, "flow");
  }

  public static String choices() {
    return Names.list(Flow.class);
  }
}
