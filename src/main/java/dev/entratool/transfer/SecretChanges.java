package dev.entratool.transfer;

import dev.entratool.cache.TokenCache;
import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.AppPaths;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.SecretStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The secret-store half of one change of profiles.json, made under the file's lock: each write and delete remembers
 * what it replaced, so that when the file's write fails the secrets are put back as they were.
 */
final class SecretChanges {
  private final SecretStore store;
  private final List<Undo> undo = new ArrayList<>();

  SecretChanges(SecretStore store) {
    this.store = store;
  }

  void write(String profile, SecretKind kind, String value) {
    undo.add(new Undo(profile, kind, store.read(profile, kind)));
    store.write(profile, kind, value);
  }

  /** Deletes the entry if one is stored. */
  void delete(String profile, SecretKind kind) {
    Optional<String> previous = store.read(profile, kind);
    if (previous.isPresent()) {
      undo.add(new Undo(profile, kind, previous));
      store.delete(profile, kind);
    }
  }

  /** Puts back, newest first, what this change wrote or deleted; what cannot be is added to {@code failure}. */
  void rollBack(RuntimeException failure) {
    for (int i = undo.size() - 1; i >= 0; i--) {
      Undo u = undo.get(i);
      try {
        if (u.previous().isPresent()) {
          store.write(u.profile(), u.kind(), u.previous().get());
        } else {
          store.delete(u.profile(), u.kind());
        }
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    undo.clear();
  }

  /** The kinds of {@link ProfileBundle#EXPORTED_KINDS} stored for {@code profile}. */
  static Set<SecretKind> stored(SecretStore store, String profile) {
    Set<SecretKind> out = EnumSet.noneOf(SecretKind.class);
    for (SecretKind kind : ProfileBundle.EXPORTED_KINDS) {
      if (store.read(profile, kind).isPresent()) {
        out.add(kind);
      }
    }
    return out;
  }

  /**
   * Removes what a profile of this name left behind when deleting it was cut short (it deletes the profile first):
   * its secrets but {@code keep}, its cache key and every tier of its cached tokens. A new profile of the name must
   * never pick up a secret meant for another sign-in, nor tokens from it.
   */
  static void clearLeftovers(SecretStore store, AppPaths paths, String profile, Set<SecretKind> keep) {
    try {
      new TokenCache(paths, () -> store).forget(profile);
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.UNEXPECTED, "Cannot remove the cached tokens an earlier profile '"
          + profile + "' left behind: " + e.getMessage(), "Check that " + paths.cacheDir() + " is writable", e);
    }
    for (SecretKind kind : List.of(SecretKind.CLIENT_SECRET, SecretKind.CERTIFICATE_PASSWORD, SecretKind.CACHE_KEY)) {
      if (!keep.contains(kind)) {
        store.delete(profile, kind);
      }
    }
  }

  /**
   * Drops every tier of the profile's cached tokens after a change: a token got with the old settings or secret must
   * not answer for the new ones. A failure is a warning; the change stands.
   */
  static void forgetTokens(SecretStore store, AppPaths paths, String profile, Consumer<String> warnings) {
    try {
      new TokenCache(paths, () -> store).forget(profile);
    } catch (IOException e) {
      warnings.accept("Warning: could not remove the cached tokens of '" + profile + "': " + e.getMessage());
    }
  }

  /** A secret as it was before the change touched it. */
  private record Undo(String profile, SecretKind kind, Optional<String> previous) {
    @Override
    public String toString() {
      return "Undo[" + kind.account(profile) + "]"; // never the secret
    }
  }
}
