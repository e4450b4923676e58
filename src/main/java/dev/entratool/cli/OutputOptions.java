package dev.entratool.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --silent}, {@code --json}, {@code -o FILE}: shared by the commands that print a token. Only fields here:
 * picocli reflects over a mixin's methods, and a method naming auth types would load them for every command.
 */
public final class OutputOptions {
  @Option(names = "--silent", description = "Print only the token (or JSON) on stdout; on stderr only errors, "
      + "warnings and a sign-in's Device Code (it does not stop a sign-in)")
  boolean silent;

  @Option(names = "--json", description = "Print {\"accessToken\", \"expiresOn\", \"tokenType\", \"scopes\"} as JSON")
  boolean json;

  @Option(names = {"-o", "--output-file"}, paramLabel = "FILE",
      description = "Write the token to FILE (mode 600) instead of stdout")
  Path outputFile;
}
