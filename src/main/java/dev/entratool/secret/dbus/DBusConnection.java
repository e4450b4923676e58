package dev.entratool.secret.dbus;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One client connection to a D-Bus message bus over a Unix socket path: SASL EXTERNAL, Hello, then blocking
 * method calls. Its work runs against a deadline: {@link #open} sets one a timeout away, {@link #deadline} a new one
 * and {@link #noDeadline} lifts it while the connection waits unused. A watchdog closes the socket when a deadline
 * passes, which ends any blocked read, and the connection is then of no further use.
 */
final class DBusConnection implements Closeable {
  private static final byte METHOD_RETURN = 2;
  private static final byte ERROR = 3;
  /** Far above any Secret Service reply; a larger length means a corrupt stream, not a message to buffer. */
  private static final int MAX_MESSAGE = 1 << 24;

  /** The bus or a service answered a call with an ERROR message. */
  static final class ErrorReply extends IOException {
    private final String errorName;

    ErrorReply(String errorName) {
      super("D-Bus error " + errorName);
      this.errorName = errorName;
    }

    String errorName() {
      return errorName;
    }
  }

  private final SocketChannel channel;
  private final Watchdog watchdog;
  private volatile boolean timedOut;
  /** The timeout of the deadline last set, for the message when it passes. */
  private volatile Duration timeout;
  private byte[] input = new byte[4096];
  private int inputLength;
  private int lastSerial;

  private DBusConnection(SocketChannel channel) {
    this.channel = channel;
    // A plain Thread subclass, not a lambda: the first lambda of a cold JVM starts the lambda machinery.
    this.watchdog = new Watchdog(this);
  }

  /**
   * Connects, authenticates as {@code uid} and says Hello to the bus, with a deadline {@code timeout} away that
   * still holds for the calls that follow, until another is set.
   */
  static DBusConnection open(Path socket, long uid, Duration timeout) throws IOException {
    DBusConnection connection = new DBusConnection(SocketChannel.open(StandardProtocolFamily.UNIX));
    connection.deadline(timeout);
    connection.watchdog.start();
    try {
      connection.channel.connect(UnixDomainSocketAddress.of(socket));
      connection.authenticate(uid);
      connection.call(0, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello", "",
          new byte[0]);
      return connection;
    } catch (IOException | RuntimeException e) {
      IOException failure = connection.explain(e);
      connection.close();
      throw failure;
    }
  }

  /** The calls from now on must finish within {@code timeout}, or the connection closes. */
  void deadline(Duration timeout) {
    this.timeout = timeout;
    watchdog.arm(System.nanoTime() + timeout.toNanos());
  }

  /** Lifts the deadline: the connection may wait unused for as long as its owner keeps it. */
  void noDeadline() {
    watchdog.disarm();
  }

  /** Calls a method and waits for its reply; the reply's body values, or {@link ErrorReply}. */
  List<Object> call(int flags, String destination, String path, String iface, String member, String signature,
      byte[] body) throws IOException {
    try {
      int serial = send(flags, destination, path, iface, member, signature, body);
      while (true) {
        List<Object> reply = readReplyTo(serial);
        if (reply != null) {
          return reply;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw explain(e);
    }
  }

  private int send(int flags, String destination, String path, String iface, String member, String signature,
      byte[] body) throws IOException {
    int serial = ++lastSerial;
    byte[] message = DBusWriter.methodCall(serial, flags, destination, path, iface, member, signature, body);
    try {
      write(message);
    } finally {
      // A body may hold a secret (Collection.CreateItem); nothing reads the message again.
      Arrays.fill(message, (byte) 0);
    }
    return serial;
  }

  private void authenticate(long uid) throws IOException {
    // EXTERNAL: the bus checks our socket credentials against the uid we claim, sent as hex of its decimal digits.
    // (StringBuilder rather than +: string concatenation bootstraps method handles, slow in a cold JVM.)
    StringBuilder command = new StringBuilder("\0AUTH EXTERNAL ");
    for (byte b : Long.toString(uid).getBytes(StandardCharsets.US_ASCII)) {
      command.append(Integer.toHexString(b));
    }
    write(command.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    if (!readLine().startsWith("OK ")) {
      throw new IOException("the bus refused EXTERNAL authentication");
    }
    write("BEGIN\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /** The body of the reply to {@code serial}, or null for any other message (a signal, say), which is dropped. */
  private List<Object> readReplyTo(int serial) throws IOException {
    fill(16);
    ByteOrder order;
    if (input[0] == 'l') {
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (input[0] == 'B') {
      order = ByteOrder.BIG_ENDIAN;
    } else {
      throw new IOException("D-Bus message has an unknown byte order");
    }
    ByteBuffer fixed = ByteBuffer.wrap(input, 0, 16).order(order);
    byte type = fixed.get(1);
    long bodyLength = Integer.toUnsignedLong(fixed.getInt(4));
    long fieldsLength = Integer.toUnsignedLong(fixed.getInt(12));
    long bodyStart = (16 + fieldsLength + 7) & ~7L;
    if (fixed.get(3) != 1 || bodyStart + bodyLength > MAX_MESSAGE) {
      throw new IOException("D-Bus message has a bad version or size");
    }
    int total = (int) (bodyStart + bodyLength);
    fill(total);
    byte[] message = Arrays.copyOf(input, total);
    consume(total);

    DBusReader reader = DBusReader.of(message, order).at(12);
    Integer replySerial = null;
    String errorName = "";
    String signature = "";
    for (Object field : (List<?>) reader.read("a(yv)")) {
      List<?> codeAndValue = (List<?>) field;
      int code = (Integer) codeAndValue.get(0);
      Object value = codeAndValue.get(1);
      if (code == 5) {
        replySerial = (Integer) value;
      } else if (code == 4) {
        errorName = (String) value;
      } else if (code == 8) {
        signature = (String) value;
      }
    }
    if ((type != METHOD_RETURN && type != ERROR) || replySerial == null || replySerial != serial) {
      return null;
    }
    if (type == ERROR) {
      throw new ErrorReply(errorName);
    }
    return reader.at((int) bodyStart).readAll(signature);
  }

  private String readLine() throws IOException {
    while (true) {
      for (int i = 1; i < inputLength; i++) {
        if (input[i - 1] == '\r' && input[i] == '\n') {
          String line = new String(input, 0, i - 1, StandardCharsets.US_ASCII);
          consume(i + 1);
          return line;
        }
      }
      if (inputLength > 1024) {
        throw new IOException("the bus sent an overlong authentication line");
      }
      fill(inputLength + 1);
    }
  }

  private void fill(int wanted) throws IOException {
    if (wanted > input.length) {
      input = Arrays.copyOf(input, Math.max(wanted, input.length * 2));
    }
    while (inputLength < wanted) {
      int read = channel.read(ByteBuffer.wrap(input, inputLength, input.length - inputLength));
      if (read < 0) {
        throw new EOFException("the bus closed the connection");
      }
      inputLength += read;
    }
  }

  private void consume(int count) {
    System.arraycopy(input, count, input, 0, inputLength - count);
    inputLength -= count;
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private IOException explain(Exception e) {
    if (timedOut) {
      return new IOException("no answer on the session bus within " + timeout.toMillis() + " ms");
    }
    if (e instanceof IOException) {
      return (IOException) e;
    }
    return new IOException("D-Bus protocol error (" + e.getClass().getSimpleName() + ")");
  }

  /** Closes the socket when a deadline passes, which ends any read blocked on it; ends when interrupted. */
  private static final class Watchdog extends Thread {
    private final DBusConnection connection;
    /** While armed, the {@link System#nanoTime} at which the connection closes. */
    private long deadline;
    private boolean armed;

    Watchdog(DBusConnection connection) {
      super("entratool-dbus-timeout");
      setDaemon(true);
      this.connection = connection;
    }

    synchronized void arm(long deadline) {
      this.deadline = deadline;
      armed = true;
      notifyAll();
    }

    synchronized void disarm() {
      armed = false;
    }

    @Override
    public synchronized void run() {
      try {
        while (true) {
          if (!armed) {
            wait();
            continue;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            connection.timedOut = true;
            connection.channel.close();
            return;
          }
          wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException | IOException e) {
        // interrupted: the connection was closed by its owner
      }
    }
  }

  @Override
  public void close() {
    watchdog.interrupt();
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
