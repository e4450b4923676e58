package dev.entratool.testing;

import dev.entratool.platform.SecureFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A process that rewrites one file forever, for the kill -9 test: args are the file and a size. */
public final class AtomicWriteVictim {
  private AtomicWriteVictim() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    for (long round = 0; ; round++) {
      char c = (char) ('a' + (round % 26));
      String body = String.valueOf(c).repeat(size);
      SecureFiles.writeAtomically(file, (body + "|" + body.length() + "\n").getBytes(StandardCharsets.UTF_8));
      if (round == 0) {
        System.out.println("started");
        System.out.flush();
      }
    }
  }
}
