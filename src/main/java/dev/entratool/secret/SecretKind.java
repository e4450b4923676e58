package dev.entratool.secret;

/** What a stored secret is; the account name in the store is {@code <profile>:<id>}. */
public enum SecretKind {
  CLIENT_SECRET("client-secret", "client secret"),
  CERTIFICATE_PASSWORD("certificate-password", "certificate password"),
  CACHE_KEY("cache-key", "token cache key"),
  /** The newest access token, for cache hits that skip the cache file (see dev.entratool.cache.FastToken). */
  FAST_TOKEN("access-token", "cached access token");

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
