package dev.entratool.transfer;

import dev.entratool.profile.Profile;
import dev.entratool.secret.SecretKind;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a profile's stored secrets stay with it when a change makes it sign in elsewhere (another host, cloud or
 * tenant): the next token request would send its client secret there. Asked under profiles.json's lock, with the
 * profile as it is then.
 */
@FunctionalInterface
public interface KeepSecrets {
  boolean keep(Profile before, Profile after);

  /** The default: secrets never follow a profile to another sign-in authority. */
  KeepSecrets NEVER = (before, after) -> false;

  /** {@code --keep-secrets}: the user vouches for every move. */
  KeepSecrets ALWAYS = (before, after) -> true;

  /**
   * Only the moves a person confirmed, each exactly: if another run changed the profile in the meantime, its move
   * is not the one confirmed, and the secrets go.
   */
  static KeepSecrets confirmed(List<Move> moves) {
    return (before, after) -> moves.stream().anyMatch(m -> m.is(before, after));
  }

  /**
   * A profile that moves to another sign-in authority with stored secrets that are not replaced.
   *
   * @param from where it signs in now ({@link Profile#signInAuthority})
   * @param to where it will sign in
   * @param secrets the stored secrets that would follow it
   */
  record Move(String profile, String from, String to, Set<SecretKind> secrets) {
    public Move {
      // in the kinds' order, so messages read the same on every run
      secrets = secrets.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(secrets));
    }

    /** The move from {@code before} to {@code after} with {@code secrets}; null when it signs in where it did. */
    static Move of(Profile before, Profile after, Set<SecretKind> secrets) {
      return secrets.isEmpty() || before.signsInWith(after) ? null
          : new Move(before.name(), before.signInAuthority(), after.signInAuthority(), secrets);
    }

    boolean is(Profile before, Profile after) {
      return profile.equals(before.name()) && from.equalsIgnoreCase(before.signInAuthority())
          && to.equalsIgnoreCase(after.signInAuthority());
    }
  }
}
