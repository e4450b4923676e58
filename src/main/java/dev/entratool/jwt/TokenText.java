package dev.entratool.jwt;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a token's text from a file or a stream, never more than {@link #MAX_BYTES}: a script that pipes the wrong
 * thing in must get an error, not a stalled or exhausted JVM.
 */
public final class TokenText {
  /** 1 MiB: Entra ID tokens are a few KB, so anything near this is not a token. */
  public static final int MAX_BYTES = 1024 * 1024;

  private static final String HINT_FILE =
      "Save a token first: entratool get-token -p NAME --silent > FILE";

  private TokenText() {}

  /** All of {@code in} (e.g. standard input), up to the cap. */
  public static String fromStream(InputStream in, String source) {
    try {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw tooLarge(source);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.NO_TOKEN, "Cannot read " + source + ": " + e.getMessage(), null, e);
    }
  }

  /** The token file's text; a missing or unreadable file is "no usable token" (exit 8), as caching scripts expect. */
  public static String fromFile(Path file) {
    if (Files.isDirectory(file)) {
      throw new EntraToolException(ExitCode.NO_TOKEN, "Token file " + file + " is a folder, not a file", HINT_FILE);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return fromStream(in, "token file " + file);
    } catch (NoSuchFileException e) {
      throw new EntraToolException(ExitCode.NO_TOKEN, "Token file not found: " + file, HINT_FILE);
    } catch (AccessDeniedException e) {
      throw new EntraToolException(ExitCode.NO_TOKEN, "Token file " + file + " cannot be read: permission denied",
          "Check the file's owner and permissions");
    } catch (IOException e) {
      throw new EntraToolException(ExitCode.NO_TOKEN, "Cannot read token file " + file + ": " + e.getMessage(), null,
          e);
    }
  }

  /** A token given on the command line, checked against the same cap. */
  public static String fromArgument(String value) {
    if (value.length() > MAX_BYTES) {
      throw tooLarge("the -t value");
    }
    return value;
  }

  private static JwtFormatException tooLarge(String source) {
    return new JwtFormatException("Input from " + source + " is larger than 1 MiB: that is not a JWT");
  }
}
