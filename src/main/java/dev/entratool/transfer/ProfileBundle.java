package dev.entratool.transfer;

import dev.entratool.error.EntraToolException;
import dev.entratool.json.PrettyJson;
import dev.entratool.json.StrictJson;
import dev.entratool.platform.StrictUtf8;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.profile.ProfileValidator;
import dev.entratool.secret.SecretKind;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

  private ProfileBundle() {}

  public static byte[] toPayload(List<BundleEntry> entries) {
    List<Map<String, Object>> items = new ArrayList<>(entries.size());
    for (BundleEntry e : entries) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("profile", ProfileStore.toJson(e.profile()));
      if (!e.secrets().isEmpty()) {
        Map<String, Object> secrets = new LinkedHashMap<>();
        for (SecretKind kind : EXPORTED_KINDS) {
          String value = e.secrets().get(kind);
          if (value != null) {
            secrets.put(kind.id(), value);
          }
        }
        item.put("secrets", secrets);
      }
      items.add(item);
    }
    return PrettyJson.write(Map.of("profiles", items)).getBytes(StandardCharsets.UTF_8);
  }

  /** Parses and validates a decrypted payload; any problem is one error naming the entry. */
  public static List<BundleEntry> fromPayload(byte[] payload) {
    Object root;
    try {
      root = StrictJson.parse(StrictUtf8.decode(payload));
    } catch (StrictJson.Invalid | CharacterCodingException e) {
      throw invalid("its content is not valid JSON");
    }
    Object profiles = root instanceof Map<?, ?> map ? map.get("profiles") : null;
    if (!(profiles instanceof List<?> list) || list.isEmpty()) {
      throw invalid("it holds no profile list");
    }
    List<BundleEntry> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      BundleEntry entry = entry(list.get(i), "profiles[" + i + "]");
      if (!names.add(entry.profile().name())) {
        throw invalid("it holds the profile name '" + entry.profile().name() + "' twice");
      }
      out.add(entry);
    }
    return out;
  }

  private static BundleEntry entry(Object item, String label) {
    if (!(item instanceof Map<?, ?> fieldsOfItem)) {
      throw invalid(label + " is not an object");
    }
    Object fields = fieldsOfItem.get("profile");
    Profile profile;
    try {
      if (!(fields instanceof Map<?, ?> given)) {
        throw new IllegalArgumentException("must be an object");
      }
      profile = ProfileStore.fromJson(given);
    } catch (IllegalArgumentException e) {
      throw invalid(label + " profile " + e.getMessage());
    }
    requireValid(profile, label);
    Map<SecretKind, String> secrets = new EnumMap<>(SecretKind.class);
    Object node = fieldsOfItem.get("secrets");
    if (node != null) {
      if (!(node instanceof Map<?, ?> kinds)) {
        throw invalid(label + " field 'secrets' is not an object");
      }
      for (Map.Entry<?, ?> field : kinds.entrySet()) {
        SecretKind kind = EXPORTED_KINDS.stream().filter(k -> k.id().equals(field.getKey())).findFirst()
            .orElseThrow(() -> invalid(label + " holds an unknown kind of secret '" + field.getKey() + "'"));
        if (!(field.getValue() instanceof String value) || value.isEmpty()) {
          throw invalid(label + " holds an empty or non-text " + kind.label());
        }
        secrets.put(kind, value);
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
