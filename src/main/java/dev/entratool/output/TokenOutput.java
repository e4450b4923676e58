package dev.entratool.output;

import dev.entratool.auth.AccessToken;
import dev.entratool.json.PrettyJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a token is handed over: the bare token, JSON, a kubectl ExecCredential, or a private file. */
public final class TokenOutput {
  // get-token's status lines that the start-up fast path prints too: spelled once, here, for both.

  /** The success line of a token from the cache or a non-interactive request. */
  public static final String ACQUIRED = "✓ Token acquired successfully";

  private TokenOutput() {}

  /** Where a delivery's lines go: status lines (stderr) and the result (stdout). */
  public interface Sink {
    void status(String line);

    void result(String text);
  }

  /**
   * Hands {@code text} over, as get-token, refresh and the start-up fast path all do: the success line, then
   * either {@code file} written (and a line saying so) or the text as the result.
   *
   * @param file the -o file, or null for stdout
   */
  public static void deliver(String text, Path file, String successLine, Sink sink) {
    sink.status(successLine);
    if (file != null) {
      writeFile(file, text);
      sink.status(savedTo(file));
    } else {
      sink.result(text);
    }
  }

  /** The status line before a token is looked for. */
  public static String authenticating(String profile) {
    return "Authenticating with profile '" + profile + "'...";
  }

  /** The status line after {@code -o FILE} has been written. */
  public static String savedTo(Path file) {
    return "✓ Token saved to " + file;
  }

  /** {@code {"accessToken","expiresOn","tokenType":"Bearer","scopes":[...]}} with expiresOn in ISO-8601 UTC. */
  public static String json(AccessToken token) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("accessToken", token.token());
    o.put("expiresOn", utc(token));
    o.put("tokenType", "Bearer");
    o.put("scopes", token.scopes());
    return PrettyJson.write(o);
  }

  /**
   * {@code {"apiVersion","kind":"ExecCredential","status":{"token","expirationTimestamp"}}}, what a kubectl credential
   * plugin prints, with the expiry in RFC 3339 UTC; get-token and the start-up fast path both print it.
   *
   * @param apiVersion one of {@link ExecInfo#SUPPORTED}
   */
  public static String execCredential(AccessToken token, String apiVersion) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("token", token.token());
    status.put("expirationTimestamp", utc(token));
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", apiVersion);
    o.put("kind", "ExecCredential");
    o.put("status", status);
    return PrettyJson.write(o);
  }

  private static String utc(AccessToken token) {
    return DateTimeFormatter.ISO_INSTANT.format(token.expiresOn().truncatedTo(ChronoUnit.SECONDS));
  }

  /** Writes {@code text} and a newline to {@code file} as {@link OutputFile} does. */
  public static void writeFile(Path file, String text) {
    OutputFile.write(file, (text + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
