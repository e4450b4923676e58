package dev.entratool.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --timeout} and {@code --ca-bundle}, for the commands that call the authority. */
public final class ConnectionOptions {
  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Give up after this long, e.g. 30s or 2m (default: 120s)")
  Duration timeout;

  @Option(names = "--ca-bundle", paramLabel = "FILE", description = "Also trust the CAs in this PEM file (corporate "
      + "TLS inspection); default: $ENTRATOOL_CA_BUNDLE")
  Path caBundle;
}
