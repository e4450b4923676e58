package dev.entratool.transfer;

import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileValidator;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Moves profiles into and out of bundles. An import runs under profiles.json's lock: it checks everything first,
 * then writes the secrets, then all profiles in one atomic write; if that write fails the secrets it wrote (or
 * removed) are put back as they were.
 */
public final class ProfileTransfer {
  private final ProfileChanges changes;

  /** @param changes where the profiles and their secrets are; its secret store is opened only when needed */
  public ProfileTransfer(ProfileChanges changes) {
    this.changes = changes;
  }

  /**
   * One imported profile.
   *
   * @param secretsKept stored secrets of the replaced profile that stay with it (the bundle brought none of them)
   * @param secretsRemoved stored secrets removed because the profile now signs in elsewhere, or null
   */
  public record Imported(BundleEntry entry, String nameInBundle, boolean replaced, Set<SecretKind> secretsKept,
      KeepSecrets.Move secretsRemoved) {}

  /** The bundle entries for {@code chosen}, with their stored secrets when {@code includeSecrets}. */
  public List<BundleEntry> export(List<Profile> chosen, boolean includeSecrets) {
    List<BundleEntry> out = new ArrayList<>();
    for (Profile p : chosen) {
      Map<SecretKind, String> found = new EnumMap<>(SecretKind.class);
      if (includeSecrets) {
        SecretStore store = changes.secrets();
        for (SecretKind kind : ProfileBundle.EXPORTED_KINDS) {
          store.read(p.name(), kind).ifPresent(value -> found.put(kind, value));
        }
      }
      out.add(new BundleEntry(p, found));
    }
    return out;
  }

  /**
   * The profiles the import would replace with one that signs in elsewhere, with the stored secrets the bundle does
   * not replace: what to ask about before importing. Read without the lock; {@link #importEntries} decides again
   * under it.
   */
  public List<KeepSecrets.Move> secretsToMove(List<BundleEntry> entries, String newName) {
    Map<String, Profile> existing = byName(changes.profiles().list());
    List<KeepSecrets.Move> out = new ArrayList<>();
    for (BundleEntry e : renamed(entries, newName)) {
      Profile before = existing.get(e.profile().name());
      if (before != null && !before.signsInWith(e.profile())) {
        Set<SecretKind> following = SecretChanges.stored(changes.secrets(), before.name());
        following.removeAll(e.secrets().keySet());
        KeepSecrets.Move move = KeepSecrets.Move.of(before, e.profile(), following);
        if (move != null) {
          out.add(move);
        }
      }
    }
    return out;
  }

  /**
   * Adds the entries (renamed to {@code newName} if given, which needs a one-profile bundle). A name that exists is
   * refused unless {@code overwrite}; then nothing changes. A replaced profile that signs in elsewhere loses the
   * stored secrets the bundle does not replace, unless {@code keep} says they stay; its cached tokens go in any case.
   */
  public List<Imported> importEntries(List<BundleEntry> entries, String newName, boolean overwrite,
      KeepSecrets keep) {
    List<BundleEntry> toImport = renamed(entries, newName);
    return changes.profiles().locked(locked -> {
      Map<String, Profile> existing = byName(locked.all());
      List<String> clashes = toImport.stream().map(e -> e.profile().name()).filter(existing::containsKey).toList();
      if (!clashes.isEmpty() && !overwrite) {
        throw clash(clashes, entries.size());
      }
      SecretStore store = changes.secrets();
      SecretChanges secretChanges = new SecretChanges(store);
      List<Imported> out = new ArrayList<>();
      try {
        for (int i = 0; i < toImport.size(); i++) {
          BundleEntry e = toImport.get(i);
          String name = e.profile().name();
          Profile before = existing.get(name);
          Set<SecretKind> kept = Set.of();
          KeepSecrets.Move removed = null;
          if (before == null) {
            SecretChanges.clearLeftovers(store, changes.paths(), name, e.secrets().keySet());
          } else {
            Set<SecretKind> following = SecretChanges.stored(store, name);
            following.removeAll(e.secrets().keySet());
            removed = keep.keep(before, e.profile()) ? null : KeepSecrets.Move.of(before, e.profile(), following);
            if (removed != null) {
              for (SecretKind kind : removed.secrets()) {
                secretChanges.delete(name, kind);
              }
            } else {
              kept = following;
            }
          }
          for (Map.Entry<SecretKind, String> s : e.secrets().entrySet()) {
            secretChanges.write(name, s.getKey(), s.getValue());
          }
          out.add(new Imported(e, entries.get(i).profile().name(), before != null, kept, removed));
        }
        List<Profile> merged = new ArrayList<>(locked.all());
        for (BundleEntry e : toImport) {
          Profile before = existing.get(e.profile().name());
          if (before != null) {
            merged.set(merged.indexOf(before), e.profile());
          } else {
            merged.add(e.profile());
          }
        }
        locked.write(merged);
      } catch (RuntimeException failure) {
        secretChanges.rollBack(failure);
        throw failure;
      }
      for (Imported imported : out) {
        if (imported.replaced()) {
          SecretChanges.forgetTokens(store, changes.paths(), imported.entry().profile().name(),
              changes.warnings());
        }
      }
      return out;
    });
  }

  private static Map<String, Profile> byName(List<Profile> all) {
    Map<String, Profile> out = new HashMap<>();
    for (Profile p : all) {
      out.put(p.name(), p);
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
}
