package dev.entratool.secret;

/** What a stored secret is; the account name in the store is {@code <profile>:<id>}. */
public enum SecretKind {
  CLIENT_SECRET("client-secret", "client secret"),
  CERTIFICATE_PASSWORD("certificate-password", "certificate password"),
  CACHE_KEY("cache-key", "token cache key"),
  /**
   * Never written: entratool versions before the session tier kept a copy of a profile's newest access token under
   * this name. Deleted with the profile's cached tokens, so none is left behind.
   */
  RETIRED_ACCESS_TOKEN("access-token", "access token kept by an older entratool");

  private final String id;
  private final String label;

  SecretKind(String id, String label) {
    this.id = id;
    this.label = label;
  }

  public String id() {
    return id;
  }

  public String label() {
    return label;
  }

  public String account(String profile) {
    return profile + ":" + id;
  }
}
