package dev.entratool.transfer;

import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.profile.ProfileValidator;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Moves profiles into and out of bundles. An import checks everything first, then writes the secrets, then all
 * profiles in one atomic write; if that write fails the secrets it wrote are put back as they were.
 */
public final class ProfileTransfer {
  private final ProfileStore profiles;
  private final Supplier<SecretStore> secrets;

  /** @param secrets opened only when secrets are read or written, so a plain export never touches the keyring */
  public ProfileTransfer(ProfileStore profiles, Supplier<SecretStore> secrets) {
    this.profiles = profiles;
    this.secrets = secrets;
  }

  /** One imported profile. */
  public record Imported(BundleEntry entry, String nameInBundle, boolean replaced) {}

  /** The bundle entries for {@code chosen}, with their stored secrets when {@code includeSecrets}. */
  public List<BundleEntry> export(List<Profile> chosen, boolean includeSecrets) {
    List<BundleEntry> out = new ArrayList<>();
    for (Profile p : chosen) {
      Map<SecretKind, String> found = new EnumMap<>(SecretKind.class);
      if (includeSecrets) {
        SecretStore store = secrets.get();
        for (SecretKind kind : ProfileBundle.EXPORTED_KINDS) {
          store.read(p.name(), kind).ifPresent(value -> found.put(kind, value));
        }
      }
      out.add(new BundleEntry(p, found));
    }
    return out;
  }

  /**
   * Adds the entries (renamed to {@code newName} if given, which needs a one-profile bundle). A name that exists is
   * refused unless {@code overwrite}; then nothing changes.
   */
  public List<Imported> importEntries(List<BundleEntry> entries, String newName, boolean overwrite) {
    List<BundleEntry> toImport = renamed(entries, newName);
    Set<String> existing = profiles.list().stream().map(Profile::name).collect(Collectors.toSet());
    List<String> clashes = toImport.stream().map(e -> e.profile().name()).filter(existing::contains).toList();
    if (!clashes.isEmpty() && !overwrite) {
      throw clash(clashes, entries.size());
    }
    List<SecretUndo> undo = new ArrayList<>();
    try {
      for (BundleEntry e : toImport) {
        for (Map.Entry<SecretKind, String> s : e.secrets().entrySet()) {
          SecretStore store = secrets.get();
          Optional<String> previous = store.read(e.profile().name(), s.getKey());
          undo.add(new SecretUndo(e.profile().name(), s.getKey(), previous));
          store.write(e.profile().name(), s.getKey(), s.getValue());
        }
      }
      profiles.putAll(toImport.stream().map(BundleEntry::profile).toList(), overwrite);
    } catch (RuntimeException failure) {
      rollBack(undo, failure);
      throw failure;
    }
    List<Imported> out = new ArrayList<>();
    for (int i = 0; i < toImport.size(); i++) {
      BundleEntry e = toImport.get(i);
      out.add(new Imported(e, entries.get(i).profile().name(), existing.contains(e.profile().name())));
    }
    return out;
  }

  private static List<BundleEntry> renamed(List<BundleEntry> entries, String newName) {
    if (newName == null) {
      return entries;
    }
    if (entries.size() != 1) {
      throw EntraToolException.usage("-n NEW_NAME needs a bundle with one profile, but this one holds "
          + entries.size() + " (" + names(entries) + ")",
          "Import without -n; profiles whose names exist here can be replaced with --overwrite");
    }
    if (!ProfileValidator.isName(newName)) {
      throw EntraToolException.usage("'" + newName + "' is not a valid profile name for -n", "Use 1-64 letters, "
          + "digits, '.', '_' or '-'");
    }
    return List.of(entries.get(0).withName(newName));
  }

  private static EntraToolException clash(List<String> clashes, int bundleSize) {
    if (clashes.size() == 1) {
      return EntraToolException.usage("Profile '" + clashes.get(0) + "' already exists",
          bundleSize == 1 ? "Import it under another name with -n NEW_NAME, or replace it with --overwrite"
              : "Replace it with --overwrite, or delete or rename it first");
    }
    return EntraToolException.usage("Profiles " + clashes.stream().map(n -> "'" + n + "'")
        .collect(Collectors.joining(", ")) + " already exist", "Replace them with --overwrite, or delete or rename "
        + "them first");
  }

  private static String names(List<BundleEntry> entries) {
    return entries.stream().map(e -> e.profile().name()).collect(Collectors.joining(", "));
  }

  /** A secret as it was before the import touched it. */
  private record SecretUndo(String profile, SecretKind kind, Optional<String> previous) {
    @Override
    public String toString() {
      return "SecretUndo[" + kind.account(profile) + "]";
    }
  }

  private void rollBack(List<SecretUndo> undo, RuntimeException failure) {
    for (int i = undo.size() - 1; i >= 0; i--) {
      SecretUndo u = undo.get(i);
      try {
        if (u.previous().isPresent()) {
          secrets.get().write(u.profile(), u.kind(), u.previous().get());
        } else {
          secrets.get().delete(u.profile(), u.kind());
        }
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
