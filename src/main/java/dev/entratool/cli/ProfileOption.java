package dev.entratool.cli;

import picocli.CommandLine.Option;

/** {@code -p, --profile NAME}, shared by every command that works on one profile. */
public final class ProfileOption {
  @Option(names = {"-p", "--profile"}, paramLabel = "NAME", description = "Profile name (see 'entratool config list')")
  String name;

  public String name() {
    return name;
  }
}
