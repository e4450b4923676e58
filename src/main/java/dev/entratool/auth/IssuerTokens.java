package dev.entratool.auth;

import com.microsoft.aad.msal4j.HttpMethod;
import com.microsoft.aad.msal4j.IHttpResponse;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.json.StrictJson;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A request to a CI system's token service (GitHub Actions, Azure Pipelines) for the job's ID token, the assertion
 * the app's federated credential trusts; made anew each time MSAL asks for the assertion. Its failures are causes
 * with hints; the answer, which holds the token, is never shown, nor are the headers (the job's bearer token).
 *
 * @param field the answer's JSON field that holds the token
 * @param service the service's name for messages, e.g. {@code GitHub's ID-token service}
 * @param refusedHint what to do when the service refuses the job's bearer token
 */
record IssuerTokens(MsalApps apps, HttpMethod method, String url, Map<String, String> headers, String field,
    String service, String refusedHint) implements Callable<String> {
  @Override
  public String toString() {
    return "IssuerTokens[" + service + "]"; // never the bearer token
  }

  /**
   * What a message says of the CI system's two variables: {@code A is not set}, {@code A and B are not set}; null when
   * both have a value.
   */
  static String unset(String urlName, String url, String bearerName, String bearer) {
    List<String> missing = new ArrayList<>();
    if (url == null) {
      missing.add(urlName);
    }
    if (bearer == null) {
      missing.add(bearerName);
    }
    return missing.isEmpty() ? null
        : String.join(" and ", missing) + (missing.size() > 1 ? " are" : " is") + " not set";
  }

  /** The CI system's request URL with {@code query} added, after its own query if it has one. */
  static String withQuery(String url, String query) {
    return url + (url.contains("?") ? "&" : "?") + query;
  }

  @Override
  public String call() {
    URL target;
    try {
      target = URI.create(url).toURL();
    } catch (IllegalArgumentException | MalformedURLException e) {
      throw EntraToolException.profile("The request URL of " + service + " in the job's environment is not a URL",
          "Run entratool in the job as the CI system starts it, without changing that variable");
    }
    String host = target.getAuthority();
    IHttpResponse answer;
    try {
      answer = apps.send(method, target, headers, method == HttpMethod.POST ? "" : null);
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.NETWORK, "Cannot reach " + service + " at " + host + ": "
          + e.getMessage(), "Check the network or proxy (HTTPS_PROXY, NO_PROXY) and run again", e);
    }
    int status = answer.statusCode();
    if (status == 401 || status == 403) {
      throw new EntraToolException(ExitCode.AUTH_REJECTED, service + " at " + host + " refused the job's token "
          + "(HTTP " + status + ")", refusedHint);
    }
    if (status >= 500 || status == 429) {
      throw new EntraToolException(ExitCode.NETWORK, service + " at " + host + " is unavailable (HTTP " + status
          + ")", "Run the job again later");
    }
    Object token = null;
    try {
      if (status == 200 && StrictJson.parse(answer.body()) instanceof Map<?, ?> json) {
        token = json.get(field);
      }
    } catch (StrictJson.Invalid e) {
      token = null; // said below, without the body
    }
    if (!(token instanceof String text) || text.isBlank()) {
      throw new EntraToolException(ExitCode.NETWORK, service + " at " + host + " answered without a token (HTTP "
          + status + ", no '" + field + "' in a JSON object)", "Check that the job runs on a supported runner "
          + "and that the request URL in the job's environment is unchanged");
    }
    return text;
  }
}
