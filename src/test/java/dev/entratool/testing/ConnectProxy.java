package dev.entratool.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1 that records which host:port each tunnel went to; or one that refuses
 * every tunnel with a status line of the test's choosing; or one that takes every tunnel to a port of 127.0.0.1
 * whatever host was asked for (a man in the middle, or a hijacked name).
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> tunnels = new CopyOnWriteArrayList<>();
  private final String refusal;
  private final int towardPort;

  public ConnectProxy() throws IOException {
    this(null, 0);
  }

  /** A proxy that answers every CONNECT with {@code statusLine} (e.g. "HTTP/1.1 403 Forbidden"), then closes. */
  public static ConnectProxy refusing(String statusLine) throws IOException {
    return new ConnectProxy(statusLine, 0);
  }

  /** A proxy that takes every tunnel to 127.0.0.1:{@code port}, whichever host:port the client asked for. */
  public static ConnectProxy toward(int port) throws IOException {
    return new ConnectProxy(null, port);
  }

  private ConnectProxy(String refusal, int towardPort) throws IOException {
    this.refusal = refusal;
    this.towardPort = towardPort;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "connect-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<String> tunnels() {
    return tunnels;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> tunnel(client), "connect-proxy-tunnel");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void tunnel(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.append((char) b);
      }
      String[] request = head.toString().split("\r\n")[0].split(" ");
      if (!request[0].equals("CONNECT")) {
        client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      tunnels.add(request[1]);
      if (refusal != null) {
        client.getOutputStream().write((refusal + "\r\nContent-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
      String[] hostPort = request[1].split(":");
      try (Socket upstream = towardPort != 0 ? new Socket(InetAddress.getLoopbackAddress(), towardPort)
          : new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
        client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        Thread up = new Thread(() -> pipe(in, outOf(upstream)));
        up.setDaemon(true);
        up.start();
        pipe(upstream.getInputStream(), client.getOutputStream());
      }
    } catch (IOException ignored) {
      // the tunnel closes with either side
    }
  }

  private static OutputStream outOf(Socket s) {
    try {
      return s.getOutputStream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void pipe(InputStream in, OutputStream out) {
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
