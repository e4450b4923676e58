package dev.entratool.auth;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import dev.entratool.platform.Environment;
import dev.entratool.profile.Profile;
import dev.entratool.profile.TransientProfiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * FederatedToken: the external token (Kubernetes service account token, any OIDC issuer's) in a file that its issuer
 * rewrites before the token expires. The file is read again for every token request, so the token sent is always the
 * newest one.
 */
final class FederatedTokenFile implements Callable<String> {
  static final String VARIABLE = "AZURE_FEDERATED_TOKEN_FILE";
  /** Far more than any JWT is; a larger file is not a token. */
  static final int MAX_BYTES = 64 * 1024;

  private final Path file;
  private final String profile;

  private FederatedTokenFile(Path file, String profile) {
    this.file = file;
    this.profile = profile;
  }

  /** The profile's token file, or the one {@code $AZURE_FEDERATED_TOKEN_FILE} names; it must exist now. */
  static FederatedTokenFile of(Profile profile, Environment env) {
    String name = profile.federatedTokenFile() != null ? profile.federatedTokenFile() : env.get(VARIABLE)
        .orElseThrow(() -> EntraToolException.profile("Profile '" + profile.name() + "' reads its federated token "
            + "from the file $" + VARIABLE + " names, but " + VARIABLE + " is not set", "In a pod with Azure "
            + "workload identity the webhook sets it (pod label azure.workload.identity/use: \"true\"); elsewhere "
            + "name the file: entratool config edit -p " + profile.name() + " --federated-token-file FILE"));
    Path file = Path.of(name);
    if (!Files.isRegularFile(file)) {
      throw missing(file, profile.name());
    }
    return new FederatedTokenFile(file, profile.name());
  }

  @Override
  public String call() {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw missing(file, profile);
    } catch (IOException e) {
      throw EntraToolException.profile("Cannot read the federated token file " + file + ": " + e.getMessage(),
          "Check the file's permissions: entratool must be able to read it");
    }
    String token = new String(bytes, StandardCharsets.UTF_8).strip();
    if (bytes.length > MAX_BYTES || token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
      throw EntraToolException.profile("The federated token file " + file + " holds no token"
          + (token.isEmpty() ? " (it is empty)" : " (a token is one line of text, at most " + MAX_BYTES + " bytes)"),
          "The file must hold just the token (a JWT) that the app's federated credential trusts");
    }
    return token;
  }

  private static EntraToolException missing(Path file, String profile) {
    return new EntraToolException(ExitCode.PROFILE, "The federated token file " + file + " does not exist",
        "Check that the token is projected or written there, or point " + (TransientProfiles.isUnsaved(profile)
            ? TransientProfiles.TOKEN_FILE + " at it"
            : "the profile at it: entratool config edit -p " + profile + " --federated-token-file FILE"));
  }
}
