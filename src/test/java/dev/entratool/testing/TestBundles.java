package dev.entratool.testing;

import dev.entratool.profile.AuthMethod;
import dev.entratool.profile.Profile;
import dev.entratool.secret.SecretKind;
import dev.entratool.transfer.BundleEntry;
import dev.entratool.transfer.ProfileBundle;
import dev.entratool.transfer.SealedBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Profiles, and bundles of them, for tests that import: sealed as export seals them, without running an export. */
public final class TestBundles {
  public static final String PASSPHRASE = "a long shared passphrase";
  public static final String GRAPH = "https://graph.microsoft.com/.default";

  private TestBundles() {}

  /** A valid client-secret profile for Graph, to change further. */
  public static Profile.Builder profile(String name, String tenant, String client) {
    Profile.Builder b = Profile.builder();
    b.name = name;
    b.tenantId = tenant;
    b.clientId = client;
    b.scopes = List.of(GRAPH);
    b.authMethod = AuthMethod.ClientSecret;
    return b;
  }

  /** A bundle file of one public-client profile named "me", without secrets. */
  public static Path writePublicClient(Path file) throws IOException {
    Profile.Builder me = profile("me", "common", "12345678-1234-1234-1234-123456789abc");
    me.authMethod = AuthMethod.None;
    return write(file, me.build(), Map.of());
  }

  /** A bundle file of one profile with {@code secrets}, sealed under {@link #PASSPHRASE} (PBKDF2: half a second). */
  public static Path write(Path file, Profile profile, Map<SecretKind, String> secrets) throws IOException {
    return Files.writeString(file, SealedBundle.seal(ProfileBundle.toPayload(List.of(new BundleEntry(profile,
        secrets))), PASSPHRASE.toCharArray()));
  }
}
