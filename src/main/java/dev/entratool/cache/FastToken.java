package dev.entratool.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A profile's newest access token as one small entry beside the encrypted token cache: a file in the session's
 * runtime directory ({@link RuntimeDirTokens}), else an entry of the Secret Service. A cache hit read from here needs
 * neither the cache file's AES-GCM (the JDK's crypto providers take about 80 ms to start) nor MSAL nor a JSON
 * library, and the token never lies on a disk unencrypted. Plain lines of {@code key=value}; the token last, as it
 * holds no newline.
 */
public final class FastToken {
  static final String FORMAT = "entratool-fast-token-v1";

  private final String clientId;
  private final String authority;
  private final boolean forUser;
  private final Set<String> scopes;
  private final long expiresOn;
  private final String token;

  public FastToken(String clientId, String authority, boolean forUser, Set<String> scopes, long expiresOn,
      String token) {
    this.clientId = clientId;
    this.authority = authority;
    this.forUser = forUser;
    this.scopes = scopes;
    this.expiresOn = expiresOn;
    this.token = token;
  }

  /** The entry for a token just obtained for {@code key}. */
  public static FastToken of(TokenKey key, Instant expiresOn, String token) {
    return new FastToken(key.clientId(), key.authority(), key.forUser(), key.scopes(), expiresOn.getEpochSecond(),
        token);
  }

  public String token() {
    return token;
  }

  public Instant expiresOn() {
    return Instant.ofEpochSecond(expiresOn);
  }

  /** True when this token answers {@code key} still valid at {@code validUntil} ({@link TokenKey#answeredBy}). */
  public boolean answers(TokenKey key, Instant validUntil) {
    return key.answeredBy(clientId, authority, forUser, scopes, expiresOn(), validUntil);
  }

  public String format() {
    return FORMAT + "\nclient=" + clientId + "\nauthority=" + authority + "\nuser=" + forUser + "\nscopes="
        + String.join(" ", scopes) + "\nexpires=" + expiresOn + "\ntoken=" + token + "\n";
  }

  /** Empty for anything not written by {@link #format} (an older or damaged entry is simply not used). */
  public static Optional<FastToken> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] lines = text.split("\n");
    if (lines.length != 7 || !lines[0].equals(FORMAT)) {
      return Optional.empty();
    }
    String client = value(lines[1], "client=");
    String authority = value(lines[2], "authority=");
    String user = value(lines[3], "user=");
    String scopes = value(lines[4], "scopes=");
    String expires = value(lines[5], "expires=");
    String token = value(lines[6], "token=");
    if (client == null || authority == null || scopes == null || expires == null || token == null
        || token.isEmpty() || !(("true").equals(user) || ("false").equals(user))) {
      return Optional.empty();
    }
    long expiresOn;
    try {
      expiresOn = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Set<String> scopeSet = new LinkedHashSet<>();
    for (String s : scopes.split(" ")) {
      if (!s.isEmpty()) {
        scopeSet.add(s);
      }
    }
    return Optional.of(new FastToken(client, authority, Boolean.parseBoolean(user), scopeSet, expiresOn, token));
  }

  private static String value(String line, String key) {
    return line.startsWith(key) ? line.substring(key.length()) : null;
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "FastToken[scopes=" + new ArrayList<>(scopes) + ", expiresOn=" + expiresOn() + "]";
  }
}
