package dev.entratool.secret.dbus;

import dev.entratool.platform.StrictUtf8;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small Secret Service client that speaks D-Bus itself over the session bus socket: from a cold JVM it costs a
 * fraction of java-keyring's first call (dbus-java class loading, connection set-up, a DH session), so a secret (the
 * token cache's key, a client secret) can be read, and a new one kept, fast (bench/README.md has the figures). It works
 * on the default collection, as java-keyring does, and answers {@link Unavailable} to anything unusual (a locked
 * collection, a prompt, several matching items): the caller decides what that means. It never throws, and no secret
 * reaches a message.
 *
 * <p>Its first call opens a connection and a session that its later calls reuse, until {@link #close} or a call that
 * answers Unavailable (the next call then starts afresh): a run that reads two secrets talks to the bus once.
 */
public final class SecretServiceClient implements Closeable {
  /** What any call of this client may answer; {@link Lookup} and {@link Update} say which answers each has. */
  sealed interface Outcome permits Lookup, Update {}

  /** The outcome of a lookup. */
  public sealed interface Lookup extends Outcome permits Found, NotFound, Unavailable {}

  /** The outcome of a store or a delete. */
  public sealed interface Update extends Outcome permits Done, Unavailable {}

  /** Exactly one item matched; its secret, decoded as UTF-8. */
  public record Found(String secret) implements Lookup {
    @Override
    public String toString() {
      return "Found[secret=<hidden>]";
    }
  }

  /** The default collection is unlocked and no item matches. */
  public record NotFound() implements Lookup {}

  /** The item is stored, or (for a delete) no item with those attributes is left. */
  public record Done() implements Update {}

  /** This client cannot answer; {@code reason} says why, in words fit for an error message. */
  public record Unavailable(String reason) implements Lookup, Update {}

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  /** What java-keyring 1.0.4 (through secret-service 1.8) gives its items, so both write the same items. */
  static final String CONTENT_TYPE = "text/plain; charset=utf-8";

  private static final String BUS_NAME = "org.freedesktop.secrets";
  private static final String SERVICE_PATH = "/org/freedesktop/secrets";
  private static final String DEFAULT_COLLECTION = "/org/freedesktop/secrets/aliases/default";
  private static final String SERVICE_IFACE = "org.freedesktop.Secret.Service";
  private static final String COLLECTION_IFACE = "org.freedesktop.Secret.Collection";
  private static final String ITEM_IFACE = "org.freedesktop.Secret.Item";
  /** The object path a call answers when it needs no prompt. */
  private static final String NO_PROMPT = "/";
  // A running keyring only: bus activation may start a daemon that then wants a password, which is java-keyring's
  // job (it prompts), not something to wait for here.
  private static final int CALL_FLAGS = DBusWriter.NO_AUTO_START;

  private final Optional<String> busAddress;
  private final Duration timeout;
  /** The open connection, with {@link #session} open on it; null before the first call and after a failed one. */
  private DBusConnection connection;
  private String session;

  /**
   * @param busAddress the session bus address ({@code DBUS_SESSION_BUS_ADDRESS}), empty when there is none
   * @param timeout how long one call of this client may take, connection included
   */
  public SecretServiceClient(Optional<String> busAddress, Duration timeout) {
    this.busAddress = busAddress;
    this.timeout = timeout;
  }

  public SecretServiceClient(Optional<String> busAddress) {
    this(busAddress, DEFAULT_TIMEOUT);
  }

  /**
   * A client on the same bus whose calls may take {@code timeout}; it takes over this client's open connection and
   * session, so this one opens new ones if it is called again.
   */
  public synchronized SecretServiceClient withTimeout(Duration timeout) {
    SecretServiceClient taker = new SecretServiceClient(busAddress, timeout);
    taker.connection = connection;
    taker.session = session;
    connection = null;
    session = null;
    return taker;
  }

  /** Looks up the one item of the default collection whose attributes include all of {@code attributes}. */
  public Lookup lookup(Map<String, String> attributes) {
    return (Lookup) converse(new LookupExchange(attributes));
  }

  /**
   * Stores {@code secret} (as UTF-8 text) in the default collection under exactly {@code attributes}, replacing the
   * item that has them. Unavailable when several items match, as java-keyring refuses that case with its own error.
   */
  public Update store(Map<String, String> attributes, String label, String secret) {
    return (Update) converse(new StoreExchange(attributes, label, secret));
  }

  /** Deletes the one item of the default collection that matches {@code attributes}; Done when none matches. */
  public Update delete(Map<String, String> attributes) {
    return (Update) converse(new DeleteExchange(attributes));
  }

  /**
   * One call's work inside an open session on an unlocked default collection. Subclasses rather than lambdas: the
   * first lambda of a cold JVM starts the lambda machinery.
   */
  private abstract static class Exchange {
    /** The attributes of the item this exchange is about. */
    final Map<String, String> attributes;

    Exchange(Map<String, String> attributes) {
      this.attributes = attributes;
    }

    abstract Outcome run(DBusConnection bus, String session) throws IOException;

    /** The object paths of the default collection's items whose attributes include all of ours. */
    List<?> matchingItems(DBusConnection bus) throws IOException {
      List<Object> found = bus.call(CALL_FLAGS, BUS_NAME, DEFAULT_COLLECTION, COLLECTION_IFACE, "SearchItems",
          "a{ss}", new DBusWriter().writeStringDict(attributes).toByteArray());
      return (List<?>) found.get(0);
    }
  }

  /** Which of several matching items is meant is unclear (java-keyring refuses them too). */
  private static Unavailable severalItemsMatch() {
    return new Unavailable("several items have its attributes, where one is expected");
  }

  private synchronized Outcome converse(Exchange exchange) {
    Outcome outcome;
    try {
      outcome = onBus(exchange);
    } catch (RuntimeException | LinkageError e) {
      // Not expected; an answer like any other, so that the caller decides what it means.
      outcome = new Unavailable("unexpected " + e.getClass().getSimpleName());
    }
    if (outcome instanceof Unavailable) {
      close(); // whatever went wrong, the next call starts on a new connection
    } else {
      connection.noDeadline();
    }
    return outcome;
  }

  private Outcome onBus(Exchange exchange) {
    if (connection != null) {
      connection.deadline(timeout);
      return inSession(connection, session, exchange);
    }
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
      try {
        connection = DBusConnection.open(socket, uid.get(), timeout);
      } catch (IOException e) {
        failure = e.getMessage();
        continue; // the next alternative address may work
      }
      Unavailable refused = openSession();
      return refused != null ? refused : inSession(connection, session, exchange);
    }
    return new Unavailable("cannot connect to the session bus: " + failure);
  }

  /** Opens {@link #session} on the new connection; null when it is open, else why not. */
  private Unavailable openSession() {
    try {
      List<Object> opened = connection.call(CALL_FLAGS, BUS_NAME, SERVICE_PATH, SERVICE_IFACE, "OpenSession", "sv",
          new DBusWriter().writeString("plain").writeStringVariant("").toByteArray());
      session = (String) opened.get(1);
      return null;
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
  }

  /** One exchange in the open session, when the default collection is unlocked, which is asked anew each time. */
  private static Outcome inSession(DBusConnection bus, String session, Exchange exchange) {
    try {
      List<Object> locked = bus.call(CALL_FLAGS, BUS_NAME, DEFAULT_COLLECTION, "org.freedesktop.DBus.Properties",
          "Get", "ss", new DBusWriter().writeString(COLLECTION_IFACE).writeString("Locked").toByteArray());
      if (!Boolean.FALSE.equals(locked.get(0))) {
        return new Unavailable("the default collection is locked");
      }
      return exchange.run(bus, session);
    } catch (DBusConnection.ErrorReply e) {
      if (e.errorName().equals("org.freedesktop.Secret.Error.NoSuchObject")
          || e.errorName().equals("org.freedesktop.DBus.Error.UnknownObject")) {
        return new Unavailable("the default collection or the item does not exist");
      }
      return new Unavailable("the Secret Service answered " + e.errorName());
    } catch (IOException | ClassCastException | IndexOutOfBoundsException e) {
      return unavailable(e);
    }
  }

  /** Closes the connection, and with it the session (the service ends a session whose connection ends). */
  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
      connection = null;
      session = null;
    }
  }

  private static final class LookupExchange extends Exchange {
    LookupExchange(Map<String, String> attributes) {
      super(attributes);
    }

    @Override
    Outcome run(DBusConnection bus, String session) throws IOException {
      List<?> items = matchingItems(bus);
      if (items.size() != 1) {
        return items.isEmpty() ? new NotFound() : severalItemsMatch();
      }
      List<Object> reply = bus.call(CALL_FLAGS, BUS_NAME, (String) items.get(0), ITEM_IFACE, "GetSecret", "o",
          new DBusWriter().writeObjectPath(session).toByteArray());
      // (oayays): session, parameters (empty for "plain"), value, content type
      byte[] value = (byte[]) ((List<?>) reply.get(0)).get(2);
      try {
        return new Found(StrictUtf8.decode(value));
      } finally {
        Arrays.fill(value, (byte) 0);
      }
    }
  }

  private static final class StoreExchange extends Exchange {
    private final String label;
    private final String secret;

    StoreExchange(Map<String, String> attributes, String label, String secret) {
      super(attributes);
      this.label = label;
      this.secret = secret;
    }

    @Override
    Outcome run(DBusConnection bus, String session) throws IOException {
      if (matchingItems(bus).size() > 1) {
        return severalItemsMatch(); // replacing one of them would leave the others
      }
      byte[] value = secret.getBytes(StandardCharsets.UTF_8);
      DBusWriter body = new DBusWriter().writeItemProperties(label, attributes)
          .writeSecret(session, new byte[0], value, CONTENT_TYPE).writeBoolean(true);
      byte[] bytes = body.toByteArray();
      List<Object> reply;
      try {
        // replace=true: the service overwrites the item with these attributes instead of adding a second one.
        reply = bus.call(CALL_FLAGS, BUS_NAME, DEFAULT_COLLECTION, COLLECTION_IFACE, "CreateItem", "a{sv}(oayays)b",
            bytes);
      } finally {
        Arrays.fill(value, (byte) 0);
        Arrays.fill(bytes, (byte) 0);
        body.wipe();
      }
      // (o item, o prompt): a prompt means the service wants the user first, which is java-keyring's job.
      if (!NO_PROMPT.equals(reply.get(1))) {
        return new Unavailable("the Secret Service wants a prompt to store the item");
      }
      return new Done();
    }
  }

  private static final class DeleteExchange extends Exchange {
    DeleteExchange(Map<String, String> attributes) {
      super(attributes);
    }

    @Override
    Outcome run(DBusConnection bus, String session) throws IOException {
      List<?> items = matchingItems(bus);
      if (items.size() != 1) {
        return items.isEmpty() ? new Done() : severalItemsMatch();
      }
      List<Object> reply = bus.call(CALL_FLAGS, BUS_NAME, (String) items.get(0), ITEM_IFACE, "Delete", "",
          new byte[0]);
      if (!NO_PROMPT.equals(reply.get(0))) {
        return new Unavailable("the Secret Service wants a prompt to delete the item");
      }
      return new Done();
    }
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
   * The effective uid, which the bus compares with our socket credentials. /proc/self/status read as bytes is cheap
   * from a cold JVM, where UnixSystem or the unix:uid file attribute load a native library.
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
    // Uid:<TAB>real<TAB>effective<TAB>saved<TAB>filesystem; parsed by hand: a regex split costs a cold JVM more.
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
