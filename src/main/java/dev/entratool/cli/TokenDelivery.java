package dev.entratool.cli;

import dev.entratool.auth.AccessToken;
import dev.entratool.console.Console;
import dev.entratool.output.OutputFile;
import dev.entratool.output.TokenOutput;

/** Hands a token over as {@link OutputOptions} ask: stdout (plain or JSON) or a private file. */
final class TokenDelivery {
  private TokenDelivery() {}

  /** Refuses an {@code -o} target that cannot take the token before one is asked for (see {@link OutputFile}). */
  static void checkTarget(OutputOptions options) {
    if (options.outputFile != null) {
      OutputFile.check(options.outputFile);
    }
  }

  static void deliver(OutputOptions options, Console console, AccessToken token, String successLine) {
    deliver(options, console, null, token, successLine);
  }

  /** @param formatted the token in another format (an ExecCredential), or null for what the options ask */
  static void deliver(OutputOptions options, Console console, String formatted, AccessToken token,
      String successLine) {
    String text = formatted != null ? formatted : options.json ? TokenOutput.json(token) : token.token();
    TokenOutput.deliver(text, options.outputFile, successLine,
        new TokenOutput.Sink() {
          @Override
          public void status(String line) {
            console.status(line);
          }

          @Override
          public void result(String text) {
            console.result(text);
          }
        });
  }
}
