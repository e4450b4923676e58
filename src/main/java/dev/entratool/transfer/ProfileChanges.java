package dev.entratool.transfer;

import dev.entratool.cache.TokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.AppPaths;
import dev.entratool.profile.AuthMethod;
import dev.entratool.profile.Profile;
import dev.entratool.profile.ProfileStore;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Creates, edits and deletes a profile together with its secrets and cached tokens, as {@link ProfileTransfer}
 * imports: under profiles.json's lock, on the profiles as they are then, everything checked first, then the secrets
 * written, then one atomic write of the file; if that write fails the secrets are put back. Parallel runs so queue
 * up, and none loses what another wrote.
 */
public final class ProfileChanges {
  private final ProfileStore profiles;
  private final Supplier<SecretStore> secrets;
  private final AppPaths paths;
  private final Consumer<String> warnings;

  /**
   * @param secrets opened when first needed
   * @param warnings where to say what went wrong after the change was made (it stands)
   */
  public ProfileChanges(ProfileStore profiles, Supplier<SecretStore> secrets, AppPaths paths,
      Consumer<String> warnings) {
    this.profiles = profiles;
    this.secrets = secrets;
    this.paths = paths;
    this.warnings = warnings;
  }

  ProfileStore profiles() {
    return profiles;
  }

  SecretStore secrets() {
    return secrets.get();
  }

  AppPaths paths() {
    return paths;
  }

  Consumer<String> warnings() {
    return warnings;
  }

  /** The secret an auth method keeps in the secret store, or null for none. */
  public static SecretKind secretKind(AuthMethod method) {
    return switch (method) {
      case ClientSecret -> SecretKind.CLIENT_SECRET;
      case Certificate -> SecretKind.CERTIFICATE_PASSWORD;
      default -> null;
    };
  }

  /**
   * Adds {@code profile} with its {@code secret} (null for none), clearing whatever an earlier profile of that name
   * left behind. The name must be free when the lock is held.
   */
  public void create(Profile profile, String secret) {
    SecretKind kind = secretKind(profile.authMethod());
    if (secret != null && kind == null) {
      throw EntraToolException.usage("Auth method " + profile.authMethod() + " keeps no secret", null);
    }
    profiles.locked(locked -> {
      if (locked.find(profile.name()).isPresent()) {
        throw EntraToolException.usage("Profile '" + profile.name() + "' already exists",
            "Choose another name, or change it with 'entratool config edit -p " + profile.name() + "'");
      }
      SecretStore store = secrets.get();
      SecretChanges.clearLeftovers(store, paths, profile.name(), secret == null ? Set.of() : Set.of(kind));
      SecretChanges changes = new SecretChanges(store);
      try {
        if (secret != null) {
          changes.write(profile.name(), kind, secret);
        }
        List<Profile> out = new ArrayList<>(locked.all());
        out.add(profile);
        locked.write(out);
      } catch (RuntimeException failure) {
        changes.rollBack(failure);
        throw failure;
      }
      return null;
    });
  }

  /**
   * What an edit did.
   *
   * @param secretStored the kind of the new secret stored, or null
   * @param secretsRemoved the stored secrets removed because the profile now signs in elsewhere, or null
   */
  public record Edited(Profile before, Profile after, SecretKind secretStored, KeepSecrets.Move secretsRemoved) {}

  /**
   * Applies {@code change} to the profile as it is under the lock (so a parallel edit of other fields stands), stores
   * {@code newSecret} if given, and drops the profile's cached tokens when anything changed, its secret included.
   * When the profile would sign in elsewhere without a new secret, its stored secrets go unless {@code keep} says
   * they stay; they are removed before the file is written, so a crash in between leaves the old profile without
   * them rather than them at the new place.
   *
   * @param change the new profile from the current one; it validates what it makes (a usage error writes nothing)
   */
  public Edited edit(String name, UnaryOperator<Profile> change, String newSecret, KeepSecrets keep) {
    return profiles.locked(locked -> {
      Profile before = locked.require(name);
      Profile after = change.apply(before);
      SecretKind kind = secretKind(after.authMethod());
      if (newSecret != null && kind == null) {
        throw EntraToolException.usage("Auth method " + after.authMethod() + " keeps no secret", null);
      }
      SecretStore store = secrets.get();
      Set<SecretKind> stored = SecretChanges.stored(store, name);
      if (kind != null && newSecret == null && !stored.contains(kind)) {
        throw EntraToolException.usage("Auth method " + after.authMethod() + " needs a " + kind.label()
            + ", and none is stored", "Pipe it with --secret-stdin, or run 'entratool config edit -p " + name
            + "' on a terminal");
      }
      Set<SecretKind> following = EnumSet.noneOf(SecretKind.class);
      following.addAll(stored);
      if (newSecret != null) {
        following.remove(kind);
      }
      KeepSecrets.Move removed = keep.keep(before, after) ? null : KeepSecrets.Move.of(before, after, following);
      SecretChanges changes = new SecretChanges(store);
      try {
        if (removed != null) {
          for (SecretKind k : removed.secrets()) {
            changes.delete(name, k);
          }
        }
        if (newSecret != null) {
          changes.write(name, kind, newSecret);
        }
        List<Profile> out = new ArrayList<>(locked.all());
        out.set(out.indexOf(before), after);
        locked.write(out);
      } catch (RuntimeException failure) {
        changes.rollBack(failure);
        throw failure;
      }
      for (SecretKind k : ProfileBundle.EXPORTED_KINDS) {
        if (k != kind && stored.contains(k) && (removed == null || !removed.secrets().contains(k))) {
          store.delete(name, k); // a secret the new auth method no longer uses
        }
      }
      if (!after.equals(before) || newSecret != null || removed != null) {
        SecretChanges.forgetTokens(store, paths, name, warnings);
      }
      return new Edited(before, after, newSecret == null ? null : kind, removed);
    });
  }

  /**
   * The stored secrets that would follow the profile from {@code before} to {@code after}, unless {@code newSecret}
   * replaces them: what to ask about before an edit. Read without the lock; {@link #edit} decides again under it.
   */
  public Optional<KeepSecrets.Move> secretsToMove(Profile before, Profile after, boolean newSecret) {
    if (before.signsInWith(after)) {
      return Optional.empty();
    }
    Set<SecretKind> following = SecretChanges.stored(secrets.get(), before.name());
    SecretKind kind = secretKind(after.authMethod());
    if (newSecret && kind != null) {
      following.remove(kind);
    }
    return Optional.ofNullable(KeepSecrets.Move.of(before, after, following));
  }

  /**
   * Deletes the profile, then its cached tokens and secrets: a crash in between leaves secrets no profile uses
   * (cleared when a profile of the name is created again), never a profile whose secret is gone.
   */
  public void delete(String name) {
    profiles.locked(locked -> {
      Profile gone = locked.require(name);
      List<Profile> out = new ArrayList<>(locked.all());
      out.remove(gone);
      locked.write(out);
      SecretStore store = secrets.get();
      try {
        new TokenCache(paths, () -> store).forget(name);
      } catch (IOException e) {
        throw new EntraToolException(ExitCode.UNEXPECTED, "Profile '" + name + "' was deleted, but its cached "
            + "tokens could not be removed: " + e.getMessage(), "Check that the folder of the file named above is "
            + "writable, and delete that file", e);
      }
      store.deleteAll(name);
      return null;
    });
  }
}
