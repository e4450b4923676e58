package dev.entratool.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.profile.ProfileValidator;
import dev.entratool.secret.SecretKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a bundle encrypts: {@code {"profiles":[{"profile":{...as in profiles.json...},"secrets":{"client-secret":
 * "..."}}]}}. Reading checks every entry, so an import either has a whole valid list or nothing.
 */
public final class ProfileBundle {
  /** The secret kinds a bundle may carry; the token cache key stays on its machine. */
  public static final List<SecretKind> EXPORTED_KINDS =
      List.of(SecretKind.CLIENT_SECRET, SecretKind.CERTIFICATE_PASSWORD);

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProfileBundle() {}

  public static byte[] toPayload(List<BundleEntry> entries) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("profiles");
    for (BundleEntry e : entries) {
      ObjectNode item = arr.addObject();
      item.set("profile", JSON.valueToTree(ProfileStore.toJson(e.profile())));
      if (!e.secrets().isEmpty()) {
        ObjectNode secrets = item.putObject("secrets");
        for (SecretKind kind : EXPORTED_KINDS) {
          String value = e.secrets().get(kind);
          if (value != null) {
            secrets.put(kind.id(), value);
          }
        }
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialize profiles", e);
    }
  }

  /** Parses and validates a decrypted payload; any problem is one error naming the entry. */
  public static List<BundleEntry> fromPayload(byte[] payload) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (IOException e) {
      throw invalid("its content is not valid JSON");
    }
    JsonNode profiles = root == null ? null : root.get("profiles");
    if (profiles == null || !profiles.isArray() || profiles.isEmpty()) {
      throw invalid("it holds no profile list");
    }
    List<BundleEntry> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < profiles.size(); i++) {
      BundleEntry entry = entry(profiles.get(i), "profiles[" + i + "]");
      if (!names.add(entry.profile().name())) {
        throw invalid("it holds the profile name '" + entry.profile().name() + "' twice");
      }
      out.add(entry);
    }
    return out;
  }

  private static BundleEntry entry(JsonNode item, String label) {
    if (!item.isObject()) {
      throw invalid(label + " is not an object");
    }
    JsonNode fields = item.get("profile");
    Profile profile;
    try {
      if (fields == null || !fields.isObject()) {
        throw new IllegalArgumentException("must be an object");
      }
      profile = ProfileStore.fromJson(JSON.convertValue(fields, Map.class));
    } catch (IllegalArgumentException e) {
      throw invalid(label + " profile " + e.getMessage());
    }
    requireValid(profile, label);
    Map<SecretKind, String> secrets = new EnumMap<>(SecretKind.class);
    JsonNode node = item.get("secrets");
    if (node != null && !node.isNull()) {
      if (!node.isObject()) {
        throw invalid(label + " field 'secrets' is not an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        SecretKind kind = EXPORTED_KINDS.stream().filter(k -> k.id().equals(field.getKey())).findFirst()
            .orElseThrow(() -> invalid(label + " holds an unknown kind of secret '" + field.getKey() + "'"));
        if (!field.getValue().isTextual() || field.getValue().asText().isEmpty()) {
          throw invalid(label + " holds an empty or non-text " + kind.label());
        }
        secrets.put(kind, field.getValue().asText());
      }
    }
    return new BundleEntry(profile, secrets);
  }

  /** Checks a profile as it would be saved on this machine (a certificate file may be missing here: not an error). */
  public static void requireValid(Profile profile, String label) {
    List<ProfileValidator.Problem> problems = ProfileValidator.problems(profile, false);
    if (!problems.isEmpty()) {
      throw invalid(label + " ('" + profile.name() + "') field " + problems.get(0));
    }
  }

  private static EntraToolException invalid(String why) {
    return EntraToolException.profile("The bundle holds an invalid profile list: " + why,
        "Export it again with this entratool version, or fix the profile on the exporting machine first");
  }
}
