package dev.entratool.cli.config;

import dev.entratool.auth.ClientCertificate;
import dev.entratool.console.Console;
import dev.entratool.error.EntraToolException;
import dev.entratool.profile.Profile;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Opens a profile's certificate when it is saved, so a wrong password, an expired certificate or a file without a
 * private key is reported now rather than at the first get-token. Only a warning: the file may be fixed later.
 */
final class CertificateCheck {
  private CertificateCheck() {}

  static void warnIfUnusable(Console console, Profile profile, String password, Instant now) {
    if (!profile.authMethod().usesCertificate()) {
      return;
    }
    try {
      ClientCertificate.load(Path.of(profile.certificatePath()), password, profile.name(), now);
    } catch (EntraToolException e) {
      console.warn("Warning: " + e.getMessage());
      if (e.hint() != null) {
        console.warn("  " + e.hint());
      }
    }
  }
}
