package dev.entratool.output;

import dev.entratool.error.EntraToolException;
import dev.entratool.json.StrictJson;
import java.util.List;
import java.util.Map;

/**
 * What kubectl tells a credential plugin in {@code KUBERNETES_EXEC_INFO}: which ExecCredential version to answer
 * with, and whether a person is there to sign in ({@code spec.interactive}).
 *
 * @param apiVersion one of {@link #SUPPORTED}
 * @param interactive false: never prompt or open a browser
 */
public record ExecInfo(String apiVersion, boolean interactive) {
  public static final String V1 = "client.authentication.k8s.io/v1";
  public static final String V1BETA1 = "client.authentication.k8s.io/v1beta1";
  /** The versions entratool answers with; the first is the default, which kubeconfig stanzas name too. */
  public static final List<String> SUPPORTED = List.of(V1BETA1, V1);
  /** The environment variable kubectl sets. */
  public static final String VARIABLE = "KUBERNETES_EXEC_INFO";

  /**
   * Reads the variable's value: null or empty means the default version and a person may sign in (as when the
   * command is run by hand). An unknown version or text that is not JSON is a usage error (exit 2).
   *
   * @param stdinIsTerminal whether a person can answer: kubectl before 1.22 sends no {@code spec.interactive}, and
   *     hands the plugin its terminal only when it is interactive
   */
  public static ExecInfo parse(String value, boolean stdinIsTerminal) {
    if (value == null || value.isBlank()) {
      return new ExecInfo(SUPPORTED.get(0), true);
    }
    Map<String, Object> info;
    try {
      info = StrictJson.parseObject(value);
    } catch (StrictJson.Invalid e) {
      throw EntraToolException.usage(VARIABLE + " is not a JSON object (" + e.reason() + ")",
          "Run entratool from kubectl's exec stanza, or unset " + VARIABLE);
    }
    Object version = info.get("apiVersion");
    String apiVersion = version == null ? SUPPORTED.get(0) : String.valueOf(version);
    if (!SUPPORTED.contains(apiVersion)) {
      throw EntraToolException.usage("Unsupported ExecCredential apiVersion '" + apiVersion + "' in " + VARIABLE,
          "Set the kubeconfig's exec apiVersion to one entratool supports: " + String.join(" or ", SUPPORTED));
    }
    Object interactive = info.get("spec") instanceof Map<?, ?> spec ? spec.get("interactive") : null;
    return new ExecInfo(apiVersion, interactive instanceof Boolean b ? b : stdinIsTerminal);
  }
}
