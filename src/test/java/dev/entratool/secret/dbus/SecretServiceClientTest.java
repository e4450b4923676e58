package dev.entratool.secret.dbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javakeyring.Keyring;
import dev.entratool.secret.SecretKind;
import dev.entratool.secret.dbus.SecretServiceClient.Done;
import dev.entratool.secret.dbus.SecretServiceClient.Found;
import dev.entratool.secret.dbus.SecretServiceClient.Lookup;
import dev.entratool.secret.dbus.SecretServiceClient.NotFound;
import dev.entratool.secret.dbus.SecretServiceClient.Unavailable;
import dev.entratool.testing.KeyringTestSupport;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast Secret Service client. Tests marked "keyring" run against the real GNOME Keyring that
 * scripts/run-tests.sh starts; the others need no keyring.
 */
class SecretServiceClientTest {
  @TempDir Path temp;
  private final String profile = "ssr-" + UUID.randomUUID().toString().substring(0, 8);
  private boolean keyringTouched;

  @AfterEach
  void removeKeyringEntries() throws Exception {
    if (keyringTouched) {
      for (SecretKind kind : SecretKind.values()) {
        KeyringTestSupport.secretTool("clear", "service", "entratool", "account", kind.account(profile));
      }
    }
  }

  private void needsKeyring() {
    KeyringTestSupport.assumeKeyring();
    keyringTouched = true;
  }

  private static Map<String, String> attributes(String account) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("service", "entratool");
    attributes.put("account", account);
    return attributes;
  }

  private static void storeWithJavaKeyring(String account, String secret) throws Exception {
    try (Keyring keyring = Keyring.create()) {
      keyring.setPassword("entratool", account, secret);
    }
  }

  /** Stores through the fast client alone, as java-keyring would label the item. */
  private static void storeFast(String account, String secret) {
    assertThat(sessionClient().store(attributes(account), "entratool|" + account, secret)).isInstanceOf(Done.class);
  }

  private static SecretServiceClient sessionClient() {
    return new SecretServiceClient(Optional.ofNullable(System.getenv("DBUS_SESSION_BUS_ADDRESS")));
  }

  @Test
  void findsExactlyWhatJavaKeyringStored() throws Exception {
    needsKeyring();
    String secret = "pässwörd ✓ 🔑 " + UUID.randomUUID();
    String account = SecretKind.CACHE_KEY.account(profile);
    storeWithJavaKeyring(account, secret);

    Lookup lookup = sessionClient().lookup(attributes(account));

    // Under scripts/run-tests.sh the fast path must answer itself, not hand over to java-keyring.
    assertThat(lookup).isInstanceOf(Found.class);
    assertThat(((Found) lookup).secret().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(secret.getBytes(StandardCharsets.UTF_8));
    assertThat(lookup.toString()).doesNotContain(secret);
  }

  @Test
  void missingItemIsNotFound() {
    needsKeyring();
    assertThat(sessionClient().lookup(attributes(SecretKind.CLIENT_SECRET.account(profile))))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void storedItemLooksLikeOneJavaKeyringWroteAndReadsBackEverywhere() throws Exception {
    needsKeyring();
    String secret = "tökén ✓ 🔑 " + UUID.randomUUID();
    String fastAccount = SecretKind.CLIENT_SECRET.account(profile);
    String slowAccount = SecretKind.CACHE_KEY.account(profile);

    storeFast(fastAccount, secret);
    try (Keyring keyring = Keyring.create()) {
      keyring.setPassword("entratool", slowAccount, "written by java-keyring");
      assertThat(keyring.getPassword("entratool", fastAccount)).isEqualTo(secret);
    }

    assertThat(KeyringTestSupport.secretToolLookup(fastAccount)).isEqualTo(secret);
    ItemShape fast = ItemShape.of(fastAccount);
    ItemShape slow = ItemShape.of(slowAccount);
    assertThat(fast.label()).isEqualTo("entratool|" + fastAccount);
    assertThat(fast.attributes()).isEqualTo(attributes(fastAccount));
    assertThat(slow.label()).isEqualTo("entratool|" + slowAccount);
    assertThat(slow.attributes()).isEqualTo(attributes(slowAccount));
    // GNOME Keyring answers "text/plain" whatever was sent; other services may keep what java-keyring sends.
    assertThat(fast.contentType()).isEqualTo(slow.contentType());
  }

  @Test
  void storeOverAJavaKeyringItemReplacesItAndLeavesOneItem() throws Exception {
    needsKeyring();
    String account = SecretKind.CLIENT_SECRET.account(profile);
    storeWithJavaKeyring(account, "old");

    storeFast(account, "néw ✓");

    assertThat(KeyringTestSupport.secretToolLookup(account)).isEqualTo("néw ✓");
    // java-keyring refuses several matching items, and the fast lookup answers Found only for exactly one.
    try (Keyring keyring = Keyring.create()) {
      assertThat(keyring.getPassword("entratool", account)).isEqualTo("néw ✓");
    }
    assertThat(sessionClient().lookup(attributes(account))).isEqualTo(new Found("néw ✓"));
    assertThat(ItemShape.of(account).label()).isEqualTo("entratool|" + account); // and it is the only item
  }

  @Test
  void deleteRemovesTheItemAndAMissingItemIsDoneToo() throws Exception {
    needsKeyring();
    String account = SecretKind.CLIENT_SECRET.account(profile);
    storeFast(account, "gone soon");

    assertThat(sessionClient().delete(attributes(account))).isInstanceOf(Done.class);

    assertThat(KeyringTestSupport.secretToolLookup(account)).isNull();
    assertThat(sessionClient().lookup(attributes(account))).isInstanceOf(NotFound.class);
    assertThat(sessionClient().delete(attributes(account))).isInstanceOf(Done.class);
  }

  @Test
  void severalMatchingItemsAreUnavailable() throws Exception {
    needsKeyring();
    String account = SecretKind.CLIENT_SECRET.account(profile);
    storeWithJavaKeyring(account, "one");
    KeyringTestSupport.storeLookalike(account, "two");

    assertThat(sessionClient().lookup(attributes(account))).isInstanceOf(Unavailable.class);
    assertThat(sessionClient().store(attributes(account), "entratool|" + account, "three"))
        .isInstanceOf(Unavailable.class);
    assertThat(sessionClient().delete(attributes(account))).isInstanceOf(Unavailable.class);
    // Nothing was replaced or removed on the way.
    assertThat(KeyringTestSupport.secretTool("lookup", "account", account, "origin", "test")).isEqualTo("two");
  }

  /** Lookup, store and delete all answer Unavailable, for a reason that contains {@code why}. */
  private static void assertEveryCallUnavailable(SecretServiceClient client, String why) {
    for (Object outcome : List.of(client.lookup(attributes("a:b")),
        client.store(attributes("a:b"), "entratool|a:b", "s"), client.delete(attributes("a:b")))) {
      assertThat(outcome).isInstanceOf(Unavailable.class);
      assertThat(((Unavailable) outcome).reason()).contains(why);
    }
  }

  @Test
  void noBusAddressIsUnavailable() {
    assertEveryCallUnavailable(new SecretServiceClient(Optional.empty()), "DBUS_SESSION_BUS_ADDRESS");
  }

  @Test
  void abstractGarbageOrAbsentSocketAddressesAreUnavailable() {
    for (String address : new String[] {"unix:abstract=/tmp/dbus-abcdef,guid=0123", "garbage;;,=",
        "tcp:host=127.0.0.1,port=1", "unix:path=" + temp.resolve("no-such-socket")}) {
      assertThat(new SecretServiceClient(Optional.of(address)).lookup(attributes("a:b"))).as(address)
          .isInstanceOf(Unavailable.class);
    }
  }

  @Test
  void aSocketThatNeverAnswersIsUnavailableOnceTheTimeoutRunsOut() throws Exception {
    Path socket = temp.resolve("silent");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      // The kernel completes the connection from the backlog; nobody ever reads or writes.
      Lookup lookup = new SecretServiceClient(Optional.of("unix:path=" + socket), Duration.ofMillis(200))
          .lookup(attributes("a:b"));
      assertThat(lookup).isInstanceOf(Unavailable.class);
      assertThat(((Unavailable) lookup).reason()).contains("no answer");
    }
  }

  @Test
  void aBusWithoutSecretServiceIsUnavailable() throws Exception {
    try (PrivateBus bus = PrivateBus.start(temp)) {
      SecretServiceClient client = new SecretServiceClient(Optional.of(bus.address()));

      assertEveryCallUnavailable(client, "no Secret Service");
    }
  }

  @Test
  void aLockedDefaultCollectionIsUnavailable() throws Exception {
    try (PrivateBus bus = PrivateBus.withKeyring(temp)) {
      SecretServiceClient client = new SecretServiceClient(Optional.of(bus.address()));
      assertThat(client.store(attributes("a:b"), "entratool|a:b", "s")).isInstanceOf(Done.class);
      bus.lockDefaultCollection();

      assertEveryCallUnavailable(client, "locked");
    }
  }

  /** The names on the bus (each connection's unique one, and the names they own), as {@code asker} is told. */
  private static Set<Object> namesOnTheBus(DBusConnection asker) throws Exception {
    return new HashSet<>((List<?>) asker.call(0, "org.freedesktop.DBus", "/org/freedesktop/DBus",
        "org.freedesktop.DBus", "ListNames", "", new byte[0]).get(0));
  }

  @Test
  void aClientTalksOverOneConnectionUntilClosed() throws Exception {
    try (PrivateBus bus = PrivateBus.withKeyring(temp); DBusConnection watcher = bus.connect()) {
      Set<Object> before = namesOnTheBus(watcher);
      SecretServiceClient client = new SecretServiceClient(Optional.of(bus.address()));

      assertThat(client.lookup(attributes("a:b"))).isInstanceOf(NotFound.class);
      assertThat(client.store(attributes("a:b"), "entratool|a:b", "s")).isInstanceOf(Done.class);
      SecretServiceClient taker = client.withTimeout(Duration.ofSeconds(5));
      assertThat(taker.lookup(attributes("a:b"))).isEqualTo(new Found("s"));
      assertThat(taker.delete(attributes("a:b"))).isInstanceOf(Done.class);

      Set<Object> opened = namesOnTheBus(watcher);
      opened.removeAll(before);
      assertThat(opened).as("connections the client opened and keeps").hasSize(1);
      taker.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (namesOnTheBus(watcher).containsAll(opened) && System.nanoTime() < deadline) {
        Thread.sleep(10); // the bus drops a closed connection's name as soon as it sees the socket close
      }
      assertThat(namesOnTheBus(watcher)).doesNotContainAnyElementsOf(opened);
    }
  }

  @Test
  void aConnectionWaitingUnusedOutlivesTheTimeoutOfEachCall() throws Exception {
    try (PrivateBus bus = PrivateBus.withKeyring(temp)) {
      SecretServiceClient client = new SecretServiceClient(Optional.of(bus.address()), Duration.ofMillis(300));
      assertThat(client.store(attributes("a:b"), "entratool|a:b", "s")).isInstanceOf(Done.class);

      Thread.sleep(600); // two timeouts between calls: the deadline holds only while a call runs

      assertThat(client.lookup(attributes("a:b"))).isEqualTo(new Found("s"));
      client.close();
    }
  }

  /** How the Secret Service keeps the one item of {@code account}, read over D-Bus as any client would. */
  private record ItemShape(String label, Object attributes, String contentType) {
    private static final String BUS = "org.freedesktop.secrets";

    static ItemShape of(String account) throws Exception {
      Path socket = DBusAddress.socketPaths(System.getenv("DBUS_SESSION_BUS_ADDRESS")).get(0);
      try (DBusConnection bus = DBusConnection.open(socket, SecretServiceClient.effectiveUid().orElseThrow(),
          Duration.ofSeconds(10))) {
        String session = (String) bus.call(0, BUS, "/org/freedesktop/secrets", "org.freedesktop.Secret.Service",
            "OpenSession", "sv", new DBusWriter().writeString("plain").writeStringVariant("").toByteArray()).get(1);
        List<?> items = (List<?>) bus.call(0, BUS, "/org/freedesktop/secrets/aliases/default",
            "org.freedesktop.Secret.Collection", "SearchItems", "a{ss}",
            new DBusWriter().writeStringDict(SecretServiceClientTest.attributes(account)).toByteArray()).get(0);
        assertThat(items).as("items of " + account).hasSize(1);
        String item = (String) items.get(0);
        List<?> secret = (List<?>) bus.call(0, BUS, item, "org.freedesktop.Secret.Item", "GetSecret", "o",
            new DBusWriter().writeObjectPath(session).toByteArray()).get(0);
        // GNOME Keyring adds its own "xdg:schema" attribute to items at some point after they are written, whoever
        // wrote them: not part of what the client sends, so left out of the comparison.
        Map<Object, Object> attributes = new LinkedHashMap<>((Map<?, ?>) property(bus, item, "Attributes"));
        attributes.remove("xdg:schema");
        return new ItemShape((String) property(bus, item, "Label"), attributes, (String) secret.get(3));
      }
    }

    private static Object property(DBusConnection bus, String item, String name) throws Exception {
      return bus.call(0, BUS, item, "org.freedesktop.DBus.Properties", "Get", "ss",
          new DBusWriter().writeString("org.freedesktop.Secret.Item").writeString(name).toByteArray()).get(0);
    }
  }
}
