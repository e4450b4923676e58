package dev.entratool.auth;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import dev.entratool.auth.browser.BrowserOpener;
import dev.entratool.cache.TokenCache;
import dev.entratool.platform.Environment;
import dev.entratool.platform.Sleeper;
import dev.entratool.profile.Flow;
import dev.entratool.profile.Profile;
import dev.entratool.secret.SecretStore;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/** One class per flow, run for a query that {@link TokenQuery} has resolved and checked ({@link TokenService}). */
public final class TokenFlows {
  /** The loopback redirect of the authorization-code flow when neither --port nor the profile names one. */
  static final URI DEFAULT_WEB_REDIRECT = URI.create("http://localhost:8080");

  /**
   * What the sign-in flows need besides the connection: who shows things, which browser, which port, and whether a
   * person may be asked to sign in at all (false: a cached or silently refreshed token, else exit 8).
   */
  public record SignIn(SignInUi ui, BrowserOpener browser, Integer port, boolean interactive) {}

  private final MsalApps apps;
  private final TokenCache tokens;
  private final Clock clock;
  private final SignIn signIn;

  /**
   * @param tls the sockets of the run's HTTPS calls, for {@code connection}'s CA bundle, built on first use
   * @param tokens the token cache {@link TokenService} looked in (its secret store is {@code secrets})
   */
  public TokenFlows(ConnectionSettings connection, Supplier<SSLSocketFactory> tls, SecretStore secrets,
      TokenCache tokens, Clock clock, Sleeper sleeper, SignIn signIn, Environment env) {
    this.apps = new MsalApps(connection, tls, sleeper, env, secrets, clock);
    this.tokens = tokens;
    this.clock = clock;
    this.signIn = signIn;
  }

  /**
   * Runs {@code flow} for the request (checked by {@link TokenQuery.Resolved#forFlow}) after {@link TokenService}
   * found no cached token: the flows re-check only the encrypted tier, under their single flight.
   */
  public AccessToken acquire(Profile profile, Flow flow, TokenRequest request) {
    AccessToken token = forProfile(profile, flow).acquire(request);
    warnIfUnsaved(profile);
    return token;
  }

  private TokenFlow forProfile(Profile profile, Flow flow) {
    UserSignIn user = new UserSignIn(tokens, clock, apps.attempts(), signIn.interactive() ? null : flow);
    return switch (flow) {
      case ClientCredentials -> new ClientCredentialsFlow(apps, tokens, clock, signIn.ui());
      case DeviceCode -> new DeviceCodeFlow(apps, tokens, user, signIn.ui());
      case InteractiveBrowser -> new InteractiveBrowserFlow(apps, tokens, user, signIn.ui(), signIn.browser(),
          redirect(profile, URI.create("http://localhost")));
      case AuthorizationCode -> new AuthorizationCodeFlow(apps, tokens, user, signIn.ui(), signIn.browser(),
          redirect(profile, DEFAULT_WEB_REDIRECT));
      case OnBehalfOf -> new OnBehalfOfFlow(apps, tokens);
    };
  }

  /**
   * Refreshes with the cached refresh token, always asking the authority; the rotated refresh token is stored.
   * Exit 8 when there is none, exit 4 when it is no longer accepted.
   */
  public AccessToken refresh(TokenRequest request) {
    Profile profile = request.profile();
    String name = profile.name();
    AbstractClientApplicationBase app = profile.authMethod().isConfidential() && tokens.hasRefreshToken(name)
        ? apps.confidential(profile, tokens)
        : apps.publicClient(profile, tokens);
    AccessToken token = new UserSignIn(tokens, clock, apps.attempts(), null).refresh(app, request);
    warnIfUnsaved(profile);
    return token;
  }

  /** A token the authority issued is handed over even when the cache could not keep it (a full disk). */
  private void warnIfUnsaved(Profile profile) {
    Optional<RuntimeException> unsaved = tokens.unsaved(profile.name());
    if (unsaved.isPresent()) {
      signIn.ui().notCached(unsaved.get().getMessage());
    }
  }

  private URI redirect(Profile profile, URI fallback) {
    URI base = profile.redirectUri() != null ? URI.create(profile.redirectUri()) : fallback;
    if (signIn.port() != null) {
      return URI.create("http://localhost:" + signIn.port() + (base.getRawPath() == null ? "" : base.getRawPath()));
    }
    return base;
  }
}
