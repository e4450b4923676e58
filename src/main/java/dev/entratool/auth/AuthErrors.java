package dev.entratool.auth;

import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.profile.TransientProfiles;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Turns what MSAL and the network throw into one-line causes with hints and exit codes. */
public final class AuthErrors {
  private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+):\\s*(.*)", Pattern.DOTALL);

  private AuthErrors() {}

  /** Hints for the AADSTS codes users meet most; {@code %s} is the profile name. */
  private static final Map<String, String> HINTS = Map.ofEntries(
      Map.entry("7000215", "The client secret is wrong or was rotated: create a new one in the Azure portal "
          + "(App registrations > Certificates & secrets), then store it: entratool config edit -p %s "
          + "(choose: Client Secret)"),
      Map.entry("7000222", "The client secret expired: create a new one in the Azure portal (App registrations > "
          + "Certificates & secrets), then store it: entratool config edit -p %s (choose: Client Secret)"),
      Map.entry("7000218", "The app needs a credential: entratool config edit -p %s (choose: Auth method)"),
      Map.entry("700016", "Check the profile's client ID and tenant (entratool config show -p %s): the app must be "
          + "registered in that tenant, or consented to there"),
      Map.entry("90002", "Check the profile's tenant and cloud (entratool config show -p %s)"),
      Map.entry("70011", "Add the API permission in the Azure portal (App registrations > API permissions) and grant "
          + "admin consent, or request a scope the app has been given"),
      Map.entry("500011", "Check the resource in the scope, then add its API permission to the app registration and "
          + "grant admin consent"),
      Map.entry("700027", "Upload the certificate's public part (.cer) to the app registration (Certificates & "
          + "secrets), or check the profile's certificate: entratool config show -p %s"),
      Map.entry("1002012", "Client Credentials takes one scope of the form <resource>/.default, e.g. "
          + "--scope \"https://graph.microsoft.com/.default\""),
      Map.entry("700082", "The refresh token expired: sign in again with entratool get-token -p %s -f DeviceCode "
          + "(or -f InteractiveBrowser)"),
      Map.entry("50173", "The refresh token was revoked: sign in again with entratool get-token -p %s -f DeviceCode "
          + "(or -f InteractiveBrowser)"),
      Map.entry("65001", "Consent is missing: grant the app's permissions in the Azure portal, or sign in "
          + "interactively to consent"),
      Map.entry("70021", "No federated credential of the app matches this token: in the Azure portal (App "
          + "registrations > Certificates & secrets > Federated credentials) add or fix one whose issuer, subject "
          + "and audience (api://AzureADTokenExchange) are exactly the ones above"),
      Map.entry("700024", "The federated token has expired (or is not valid yet): make its issuer write a fresh "
          + "one (a Kubernetes projected token is renewed by the kubelet; a CI job's token lives minutes), and "
          + "check the clocks"),
      Map.entry("700211", "The app has no federated credential for this token's issuer: add one with exactly "
          + "this issuer URL (App registrations > Certificates & secrets > Federated credentials)"),
      Map.entry("50013", "The federated token's signature does not verify with its issuer's published keys: "
          + "check that the token comes from the issuer named in the app's federated credential"));
  /** Codes whose description names what was presented (issuer, subject, audience): kept whole, not cut. */
  /**
   * The hints above that name a {@code config} command, as they read for a profile that is not saved ({@code
   * get-token --from-env}): what to fix there is a variable.
   */
  private static final Map<String, String> UNSAVED_HINTS = Map.of(
      "7000215", "The client secret is wrong or was rotated: create a new one in the Azure portal (App "
          + "registrations > Certificates & secrets) and set " + TransientProfiles.SECRET + " to it",
      "7000222", "The client secret expired: create a new one in the Azure portal (App registrations > "
          + "Certificates & secrets) and set " + TransientProfiles.SECRET + " to it",
      "700016", "Check " + TransientProfiles.CLIENT + " and " + TransientProfiles.TENANT + ": the app must be "
          + "registered in that tenant, or consented to there",
      "90002", "Check " + TransientProfiles.TENANT + " and " + TransientProfiles.AUTHORITY_HOST,
      "700027", "Upload the certificate's public part (.cer) to the app registration (Certificates & secrets), or "
          + "check the certificate " + TransientProfiles.CERTIFICATE + " names");

  private static final java.util.Set<String> WHOLE = java.util.Set.of("70021", "700211");

  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * True for failures worth trying again: an answer of 5xx or 429 (told by its status, whatever its body: see
   * {@link Answers}), and connections dropped mid-way or timed out reading.
   */
  static boolean transient_(Throwable t) {
    t = unwrap(t);
    UnusableAnswer answer = find(t, UnusableAnswer.class);
    if (answer != null) {
      return answer.kind() == UnusableAnswer.Kind.UNAVAILABLE;
    }
    if (t instanceof MsalClientException) {
      Throwable io = ioCause(t);
      return io != null && !(io instanceof UnknownHostException) && !(io instanceof ConnectException)
          && !(io instanceof SSLException) && !(io instanceof NoRouteToHostException) && !tunnelRefused(io);
    }
    return false;
  }

  /** How long the service asked to wait before another try, if it did. */
  static Optional<Duration> retryAfter(Throwable t) {
    UnusableAnswer answer = find(unwrap(t), UnusableAnswer.class);
    return answer == null ? Optional.empty() : answer.retryAfter();
  }

  static EntraToolException map(Throwable raw, Authority authority, String profile) {
    Throwable t = unwrap(raw);
    EntraToolException own = find(t, EntraToolException.class); // also from a client assertion's callback
    if (own != null) {
      return own;
    }
    UnusableAnswer answer = find(t, UnusableAnswer.class);
    if (answer != null) {
      return fromAnswer(answer, authority, profile, t);
    }
    if (t instanceof MsalServiceException s) {
      return fromService(s, profile);
    }
    Throwable io = ioCause(t);
    ViaProxy via = find(t, ViaProxy.class);
    if (via != null && io != null) {
      return throughProxy(io, via.proxy(), authority, t);
    }
    String host = authority.hostAndPort();
    if (io instanceof UnknownHostException) {
      return new EntraToolException(ExitCode.NETWORK, "Cannot resolve " + authority.hostName() + " (DNS lookup "
          + "failed)", "Check the network, DNS and the profile's cloud/authorityHost; behind a proxy set HTTPS_PROXY",
          t);
    }
    if (io instanceof ConnectException || io instanceof NoRouteToHostException) {
      return new EntraToolException(ExitCode.NETWORK, "Cannot connect to " + host + " ("
          + (io.getMessage() == null ? "connection refused" : io.getMessage()) + ")",
          "Check the network or proxy (HTTPS_PROXY, NO_PROXY) and the profile's authorityHost", t);
    }
    if (io instanceof SSLException) {
      return new EntraToolException(ExitCode.NETWORK, "TLS handshake with " + host + " failed: "
          + firstLine(io.getMessage()), "If a proxy inspects TLS, trust its root CA: ENTRATOOL_CA_BUNDLE=/path/ca.pem "
          + "(or --ca-bundle)", t);
    }
    if (io instanceof SocketTimeoutException) {
      return new EntraToolException(ExitCode.TIMEOUT, "No answer from " + host + " in time", "Check the network, "
          + "or allow more time with --timeout 2m", t);
    }
    if (io != null) {
      return new EntraToolException(ExitCode.NETWORK, "Connection to " + host + " failed: "
          + firstLine(io.getMessage()), "Check the network or proxy and try again", t);
    }
    if (t instanceof MsalClientException c) {
      return new EntraToolException(ExitCode.UNEXPECTED, "Token request failed: " + firstLine(c.getMessage()),
          "Run again with --verbose for details", t);
    }
    return new EntraToolException(ExitCode.UNEXPECTED, "Token request failed: " + t, "Run again with --verbose", t);
  }

  /** A failure on the way through the proxy names the proxy; what the authority's own host did, that host. */
  private static EntraToolException throughProxy(Throwable io, String proxy, Authority authority, Throwable t) {
    String host = authority.hostAndPort();
    String check = "Check HTTPS_PROXY (or put " + authority.hostName() + " in NO_PROXY to go direct)";
    if (io instanceof UnknownHostException) {
      return new EntraToolException(ExitCode.NETWORK, "Cannot resolve the proxy host "
          + proxy.substring(0, proxy.lastIndexOf(':')) + " (DNS lookup failed)", check, t);
    }
    if (io instanceof ConnectException || io instanceof NoRouteToHostException) {
      return new EntraToolException(ExitCode.NETWORK, "Cannot connect to the proxy " + proxy + " ("
          + (io.getMessage() == null ? "connection refused" : firstLine(io.getMessage())) + ")", check, t);
    }
    if (tunnelRefused(io)) {
      return new EntraToolException(ExitCode.NETWORK, "The proxy " + proxy + " did not open a connection to " + host
          + " (" + firstLine(io.getMessage()) + ")", check + "; the proxy must allow CONNECT to " + host, t);
    }
    if (io instanceof SSLException) {
      return new EntraToolException(ExitCode.NETWORK, "TLS handshake with " + host + " through the proxy " + proxy
          + " failed: " + firstLine(io.getMessage()), "If the proxy inspects TLS, trust its root CA: "
          + "ENTRATOOL_CA_BUNDLE=/path/ca.pem (or --ca-bundle)", t);
    }
    if (io instanceof SocketTimeoutException) {
      return new EntraToolException(ExitCode.TIMEOUT, "No answer from " + host + " through the proxy " + proxy
          + " in time", check + ", or allow more time with --timeout 2m", t);
    }
    return new EntraToolException(ExitCode.NETWORK, "Connection to " + host + " through the proxy " + proxy
        + " failed: " + firstLine(io.getMessage()), check + ", and try again", t);
  }

  /** The JDK's words when a proxy answers CONNECT with anything but 200 (a 407, a 403, a 502). */
  private static boolean tunnelRefused(Throwable io) {
    return io.getMessage() != null && io.getMessage().startsWith("Unable to tunnel through proxy");
  }

  private static EntraToolException fromAnswer(UnusableAnswer answer, Authority authority, String profile,
      Throwable t) {
    String service = "The sign-in service at " + authority.hostAndPort();
    return switch (answer.kind()) {
      case UNAVAILABLE -> new EntraToolException(ExitCode.NETWORK, service + " is unavailable (HTTP "
          + answer.status() + ")", "Try again later", t);
      case NO_TOKEN -> new EntraToolException(ExitCode.NETWORK, service + " answered without a usable token: "
          + answer.getMessage(), "Nothing was cached. Try again later; if it persists, check "
          + authoritySettings(profile) + " and whether a proxy rewrites the answers", t);
      case NOT_OAUTH -> new EntraToolException(ExitCode.NETWORK, service + " gave an answer that is not from an "
          + "OAuth server (" + answer.getMessage() + ")", "Check " + authoritySettings(profile)
          + " and the proxy settings (HTTPS_PROXY, NO_PROXY)", t);
      case REJECTED -> rejected(answer.getMessage() + " (HTTP " + answer.status() + ")", answer.getMessage(),
          profile, t);
    };
  }

  /** Where the authority is set: the saved profile, or the variables {@code --from-env} read. */
  private static String authoritySettings(String profile) {
    return TransientProfiles.isUnsaved(profile) ? TransientProfiles.AUTHORITY_HOST + " and "
        + TransientProfiles.TENANT : "the profile's authorityHost and tenant (entratool config show -p " + profile
        + ")";
  }

  private static EntraToolException fromService(MsalServiceException s, String profile) {
    String description = s.getMessage() == null ? "" : s.getMessage();
    Matcher m = AADSTS.matcher(description);
    if (m.find()) {
      String code = m.group(1);
      String sentence = WHOLE.contains(code) ? beforeTrace(m.group(2)) : firstSentence(m.group(2));
      String hint = TransientProfiles.isUnsaved(profile) && UNSAVED_HINTS.containsKey(code)
          ? UNSAVED_HINTS.get(code) : HINTS.get(code);
      return new EntraToolException(ExitCode.AUTH_REJECTED, "AADSTS" + code + ": " + sentence,
          hint == null ? null : hint.replace("%s", profile), s);
    }
    return rejected(s.errorCode() + (description.isEmpty() ? "" : " (" + firstSentence(description) + ")"),
        s.errorCode(), profile, s);
  }

  private static EntraToolException rejected(String what, String errorCode, String profile, Throwable t) {
    String hint = "invalid_grant".equals(errorCode) ? "Sign in again: entratool get-token -p " + profile
        + " -f DeviceCode (or -f InteractiveBrowser)" : null;
    return new EntraToolException(ExitCode.AUTH_REJECTED, "The authority rejected the request: " + what, hint, t);
  }

  private static String beforeTrace(String text) {
    String t = text.strip();
    int trace = t.indexOf(" Trace ID:");
    return (trace >= 0 ? t.substring(0, trace) : t).strip();
  }

  static String firstSentence(String text) {
    String t = text.strip();
    int cut = t.length();
    for (String end : new String[] {". ", ".\r", ".\n"}) {
      int i = t.indexOf(end);
      if (i >= 0 && i + 1 < cut) {
        cut = i + 1;
      }
    }
    int trace = t.indexOf(" Trace ID:");
    if (trace >= 0 && trace < cut) {
      cut = trace;
    }
    return t.substring(0, cut).strip();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The I/O failure in the chain, under the {@link ViaProxy} that may name the proxy it went through. */
  private static Throwable ioCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException && !(c instanceof ViaProxy)) {
        return c;
      }
    }
    return null;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
