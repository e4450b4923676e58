package dev.entratool.auth;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import dev.entratool.auth.browser.BrowserOpener;
import dev.entratool.cache.EncryptedTokenCache;
import dev.entratool.cache.TokenCache;
import dev.entratool.cache.TokenKey;
import dev.entratool.platform.AppPaths;
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

  /** What the sign-in flows need besides the connection: who shows things, which browser, which port. */
  public record SignIn(SignInUi ui, BrowserOpener browser, Integer port) {}

  private final MsalApps apps;
  private final SecretStore secrets;
  private final TokenCache tokens;
  private final Clock clock;
  private final SignIn signIn;

  /** @param tls the sockets of the run's HTTPS calls, for {@code connection}'s CA bundle, built on first use */
  public TokenFlows(ConnectionSettings connection, Supplier<SSLSocketFactory> tls, SecretStore secrets,
      AppPaths paths, Clock clock, Sleeper sleeper, SignIn signIn, Environment env) {
    this.apps = new MsalApps(connection, tls, sleeper, env);
    this.secrets = secrets;
    this.tokens = new TokenCache(paths, () -> secrets);
    this.clock = clock;
    this.signIn = signIn;
  }

  /**
   * Runs {@code flow} for the request (checked by {@link TokenQuery.Resolved#forFlow}), and keeps its token in the
   * session tier of the {@link TokenCache}.
   */
  public AccessToken acquire(Profile profile, Flow flow, TokenRequest request) {
    EncryptedTokenCache cache = tokens.encrypted(profile.name());
    AccessToken token = forProfile(profile, flow, cache).acquire(request);
    warnIfUnsaved(cache);
    if (flow != Flow.OnBehalfOf) { // the session tier's one entry would answer any caller's exchange
      remember(profile, flow.signsInUser(), token);
    }
    return token;
  }

  private TokenFlow forProfile(Profile profile, Flow flow, EncryptedTokenCache cache) {
    UserSignIn user = new UserSignIn(cache, clock, apps.attempts());
    return switch (flow) {
      case ClientCredentials -> new ClientCredentialsFlow(apps, secrets, cache, clock, signIn.ui());
      case DeviceCode -> new DeviceCodeFlow(apps, cache, user, signIn.ui());
      case InteractiveBrowser -> new InteractiveBrowserFlow(apps, cache, user, signIn.ui(), signIn.browser(),
          redirect(profile, URI.create("http://localhost")));
      case AuthorizationCode -> new AuthorizationCodeFlow(apps, secrets, cache, user, signIn.ui(), signIn.browser(),
          redirect(profile, DEFAULT_WEB_REDIRECT), clock);
      case OnBehalfOf -> new OnBehalfOfFlow(apps, secrets, cache, clock);
    };
  }

  /**
   * Refreshes with the cached refresh token, always asking the authority; the rotated refresh token is stored.
   * Exit 8 when there is none, exit 4 when it is no longer accepted.
   */
  public AccessToken refresh(TokenRequest request) {
    Profile profile = request.profile();
    EncryptedTokenCache cache = tokens.encrypted(profile.name());
    AbstractClientApplicationBase app = profile.authMethod().isConfidential() && cache.hasRefreshToken()
        ? apps.confidential(profile, Credentials.of(profile, secrets, clock, apps), cache)
        : apps.publicClient(profile, cache);
    AccessToken token = new UserSignIn(cache, clock, apps.attempts()).refresh(app, request);
    warnIfUnsaved(cache);
    remember(profile, true, token);
    return token;
  }

  /** A token the authority issued is handed over even when the cache could not keep it (a full disk). */
  private void warnIfUnsaved(EncryptedTokenCache cache) {
    Optional<RuntimeException> unsaved = cache.unsaved();
    if (unsaved.isPresent()) {
      signIn.ui().notCached(unsaved.get().getMessage());
    }
  }

  private void remember(Profile profile, boolean forUser, AccessToken token) {
    tokens.store(profile.name(), TokenKey.of(profile, forUser, token.scopes()), token.token(), token.expiresOn(),
        token.source() == AccessToken.Source.CACHE);
  }

  private URI redirect(Profile profile, URI fallback) {
    URI base = profile.redirectUri() != null ? URI.create(profile.redirectUri()) : fallback;
    if (signIn.port() != null) {
      return URI.create("http://localhost:" + signIn.port() + (base.getRawPath() == null ? "" : base.getRawPath()));
    }
    return base;
  }
}
