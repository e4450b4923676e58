package dev.entratool.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Runs the Entra emulator as a process for bench/run.sh: writes its CA bundle to the given folder, registers one
 * app with the given client secret, prints "AUTHORITY_HOST CLIENT_ID" and serves until stdin closes. Each line
 * "token-requests" read from stdin is answered with the number of token requests served so far, on a line of its own.
 *
 * <p>Responses go out without Nagle's delay ({@code sun.net.httpserver.nodelay}), as a real server's do: the JDK's
 * server writes headers and body apart, and the client's delayed ACK of the first part would otherwise hold back the
 * second. The property is read once, when the JDK's HTTP server classes initialise, so it is set before the server
 * starts.
 */
public final class EmulatorMain {
  private EmulatorMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Path dir = Files.createDirectories(Path.of(args[0]));
    String secret = args[1];
    TestPki pki = new TestPki();
    pki.writeCaBundle(dir.resolve("ca.pem"));
    try (FakeEntra entra = FakeEntra.start(pki)) {
      String client = UUID.randomUUID().toString();
      entra.registerApp(client).secret(secret).allow("https://graph.microsoft.com", "User.Read.All");
      System.out.println(entra.authorityHost() + " " + client);
      System.out.flush();
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        if (line.trim().equals("token-requests")) {
          System.out.println(entra.tokenRequests());
        } else {
          System.out.println("unknown command: " + line.trim());
        }
        System.out.flush();
      }
    }
  }
}
