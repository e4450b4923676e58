package dev.entratool.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Runs the Entra emulator as a process for bench/run.sh: writes its CA bundle to the given folder, registers one
 * app with the given client secret, prints "AUTHORITY_HOST CLIENT_ID" and serves until stdin closes.
 */
public final class EmulatorMain {
  private EmulatorMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    String secret = args[1];
    TestPki pki = new TestPki();
    pki.writeCaBundle(dir.resolve("ca.pem"));
    try (FakeEntra entra = FakeEntra.start(pki)) {
      String client = UUID.randomUUID().toString();
      entra.registerApp(client).secret(secret).allow("https://graph.microsoft.com", "User.Read.All");
      System.out.println(entra.authorityHost() + " " + client);
      System.out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }
}
