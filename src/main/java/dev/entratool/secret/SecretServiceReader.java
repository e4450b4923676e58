package dev.entratool.secret;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small read-only Secret Service client that speaks D-Bus itself over the session bus socket. From a cold JVM
 * java-keyring's first lookup costs about 300 ms (dbus-java class loading, connection setup, a DH session); this
 * answers in a few milliseconds, so a cached token can be served fast. It searches the default collection, as
 * java-keyring does, and gives up ({@link Unavailable}) on anything unusual so the caller can fall back to
 * java-keyring, which can also prompt to unlock. It never throws, and no secret reaches a message.
 */
public final class SecretServiceReader {
  /** The outcome of a lookup. */
  public sealed interface Lookup permits Found, NotFound, Unavailable {}

  /** Exactly one item matched; its secret, decoded as UTF-8. */
  public record Found(String secret) implements Lookup {
    @Override
    public String toString() {
      return "Found[secret=<hidden>]";
    }
  }

  /** The default collection is unlocked and no item matches. */
  public record NotFound() implements Lookup {}

  /** This reader cannot answer; {@code reason} says why, for diagnostics. */
  public record Unavailable(String reason) implements Lookup {}

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  private static final String BUS_NAME = "org.freedesktop.secrets";
  private static final String SERVICE_PATH = "/org/freedesktop/secrets";
  private static final String DEFAULT_COLLECTION = "/org/freedesktop/secrets/aliases/default";
  private static final String SERVICE_IFACE = "org.freedesktop.Secret.Service";
  // A running keyring only: bus activation may start a daemon that then wants a password, which is the slow
  // path's job (java-keyring prompts), not something to wait for here.
  private static final int CALL_FLAGS = DBusWriter.NO_AUTO_START;

  private final Optional<String> busAddress;
  private final Duration timeout;

  /**
   * @param busAddress the session bus address ({@code DBUS_SESSION_BUS_ADDRESS}), empty when there is none
   * @param timeout how long one lookup may take, connection included
   */
  public SecretServiceReader(Optional<String> busAddress, Duration timeout) {
    this.busAddress = busAddress;
    this.timeout = timeout;
  }

  public SecretServiceReader(Optional<String> busAddress) {
    this(busAddress, DEFAULT_TIMEOUT);
  }

  /** Looks up the one item of the default collection whose attributes include all of {@code attributes}. */
  public Lookup lookup(Map<String, String> attributes) {
    try {
      return lookupOnBus(attributes);
    } catch (RuntimeException | LinkageError e) {
      // Not expected; the caller's fallback is still correct, so report instead of throwing.
      return new Unavailable("unexpected " + e.getClass().getSimpleName());
    }
  }

  private Lookup lookupOnBus(Map<String, String> attributes) {
    if (busAddress.isEmpty()) {
      return new Unavailable("DBUS_SESSION_BUS_ADDRESS is not set");
    }
    List<Path> sockets;
    try {
      sockets = DBusAddress.socketPaths(busAddress.get());
    } catch (InvalidPathException e) {
      return new Unavailable("the session bus address holds an invalid socket path");
    }
    if (sockets.isEmpty()) {
      return new Unavailable("the session bus address has no unix:path socket (Java cannot open abstract ones)");
    }
    Optional<Long> uid = effectiveUid();
    if (uid.isEmpty()) {
      return new Unavailable("cannot read the user id from /proc/self/status");
    }
    String failure = "";
    for (Path socket : sockets) {
      DBusConnection connection;
      try {
        connection = DBusConnection.open(socket, uid.get(), timeout);
      } catch (IOException e) {
        failure = e.getMessage();
        continue; // the next alternative address may work
      }
      try (connection) {
        return lookup(connection, attributes);
      }
    }
    return new Unavailable("cannot connect to the session bus: " + failure);
  }

  private static Lookup lookup(DBusConnection bus, Map<String, String> attributes) {
    String session;
    try {
      List<Object> opened = bus.call(CALL_FLAGS, BUS_NAME, SERVICE_PATH, SERVICE_IFACE, "OpenSession", "sv",
          new DBusWriter().writeString("plain").writeStringVariant("").toByteArray());
      session = (String) opened.get(1);
    } catch (DBusConnection.ErrorReply e) {
      // NameHasNoOwner is what the bus says to a NO_AUTO_START call; ServiceUnknown when activation fails.
      if (e.errorName().equals("org.freedesktop.DBus.Error.NameHasNoOwner")
          || e.errorName().equals("org.freedesktop.DBus.Error.ServiceUnknown")) {
        return new Unavailable("no Secret Service is running on the session bus");
      }
      return new Unavailable("the Secret Service refused a session: " + e.errorName());
    } catch (IOException | ClassCastException | IndexOutOfBoundsException e) {
      return unavailable(e);
    }
    try {
      return lookupInSession(bus, session, attributes);
    } finally {
      try {
        bus.callNoReply(CALL_FLAGS, BUS_NAME, session, "org.freedesktop.Secret.Session", "Close");
      } catch (IOException e) {
        // the service closes our session anyway when the connection ends
      }
    }
  }

  private static Lookup lookupInSession(DBusConnection bus, String session, Map<String, String> attributes) {
    try {
      List<Object> locked = bus.call(CALL_FLAGS, BUS_NAME, DEFAULT_COLLECTION, "org.freedesktop.DBus.Properties",
          "Get", "ss", new DBusWriter().writeString("org.freedesktop.Secret.Collection").writeString("Locked")
              .toByteArray());
      if (!Boolean.FALSE.equals(locked.get(0))) {
        return new Unavailable("the default collection is locked");
      }
      List<Object> found = bus.call(CALL_FLAGS, BUS_NAME, DEFAULT_COLLECTION, "org.freedesktop.Secret.Collection",
          "SearchItems", "a{ss}", new DBusWriter().writeStringDict(attributes).toByteArray());
      List<?> items = (List<?>) found.get(0);
      if (items.isEmpty()) {
        return new NotFound();
      }
      if (items.size() > 1) {
        // java-keyring refuses this case with its own error; let it say so.
        return new Unavailable("several items match");
      }
      List<Object> reply = bus.call(CALL_FLAGS, BUS_NAME, (String) items.get(0), "org.freedesktop.Secret.Item",
          "GetSecret", "o", new DBusWriter().writeObjectPath(session).toByteArray());
      // (oayays): session, parameters (empty for "plain"), value, content type
      byte[] value = (byte[]) ((List<?>) reply.get(0)).get(2);
      try {
        return new Found(utf8(value));
      } finally {
        Arrays.fill(value, (byte) 0);
      }
    } catch (DBusConnection.ErrorReply e) {
      if (e.errorName().equals("org.freedesktop.Secret.Error.NoSuchObject")
          || e.errorName().equals("org.freedesktop.DBus.Error.UnknownObject")) {
        return new Unavailable("there is no default collection");
      }
      return new Unavailable("the Secret Service answered " + e.errorName());
    } catch (IOException | ClassCastException | IndexOutOfBoundsException e) {
      return unavailable(e);
    }
  }

  private static String utf8(byte[] value) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
  }

  private static Unavailable unavailable(Exception e) {
    if (e instanceof CharacterCodingException) {
      return new Unavailable("the secret is not UTF-8 text");
    }
    if (e instanceof IOException) {
      return new Unavailable(e.getMessage());
    }
    return new Unavailable("unexpected reply shape (" + e.getClass().getSimpleName() + ")");
  }

  /**
   * The effective uid, which the bus compares with our socket credentials. /proc/self/status read as bytes costs
   * about 1 ms from a cold JVM; UnixSystem or the unix:uid file attribute cost 4-5 ms (native library loading).
   */
  static Optional<Long> effectiveUid() {
    byte[] status;
    try (InputStream in = new FileInputStream("/proc/self/status")) {
      status = in.readAllBytes();
    } catch (IOException e) {
      return Optional.empty();
    }
    String text = new String(status, StandardCharsets.ISO_8859_1);
    int line = text.indexOf("\nUid:");
    if (line < 0) {
      return Optional.empty();
    }
    // Uid:<TAB>real<TAB>effective<TAB>saved<TAB>filesystem; parsed by hand, as a regex split costs a cold JVM ms.
    int at = line + "\nUid:".length();
    long[] ids = new long[2];
    for (int field = 0; field < 2; field++) {
      while (at < text.length() && (text.charAt(at) == '\t' || text.charAt(at) == ' ')) {
        at++;
      }
      int start = at;
      while (at < text.length() && Character.isDigit(text.charAt(at))) {
        at++;
      }
      if (start == at) {
        return Optional.empty();
      }
      try {
        ids[field] = Long.parseLong(text, start, at, 10);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.of(ids[1]);
  }
}
