package dev.entratool.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.javakeyring.Keyring;
import dev.entratool.error.EntraToolException;
import dev.entratool.platform.Environment;
import dev.entratool.secret.SecretServiceReader.Found;
import dev.entratool.secret.SecretServiceReader.Lookup;
import dev.entratool.secret.SecretServiceReader.NotFound;
import dev.entratool.secret.SecretServiceReader.Unavailable;
import dev.entratool.testing.KeyringTestSupport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast Secret Service reader. Tests marked "keyring" run against the real GNOME Keyring that
 * scripts/run-tests.sh starts; the others need no keyring.
 */
class SecretServiceReaderTest {
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

  private static SecretServiceReader sessionReader() {
    return new SecretServiceReader(Optional.ofNullable(System.getenv("DBUS_SESSION_BUS_ADDRESS")));
  }

  @Test
  void findsExactlyWhatJavaKeyringStored() throws Exception {
    needsKeyring();
    String secret = "pässwörd ✓ 🔑 " + UUID.randomUUID();
    String account = SecretKind.CACHE_KEY.account(profile);
    try (Keyring keyring = Keyring.create()) {
      keyring.setPassword("entratool", account, secret);
    }

    Lookup lookup = sessionReader().lookup(attributes(account));

    // Under scripts/run-tests.sh the fast path must answer itself, not hand over to java-keyring.
    assertThat(lookup).isInstanceOf(Found.class);
    assertThat(((Found) lookup).secret().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(secret.getBytes(StandardCharsets.UTF_8));
    assertThat(lookup.toString()).doesNotContain(secret);
  }

  @Test
  void missingItemIsNotFound() {
    needsKeyring();
    assertThat(sessionReader().lookup(attributes(SecretKind.CLIENT_SECRET.account(profile))))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void storeReadsThroughTheFastReaderAndWritesThroughJavaKeyring() throws Exception {
    needsKeyring();
    KeyringSecretStore store = KeyringSecretStore.open(Environment.system());
    assertThat(store.usable()).isTrue();
    store.write(profile, SecretKind.CLIENT_SECRET, "first");
    assertThat(store.read(profile, SecretKind.CLIENT_SECRET)).contains("first");
    store.write(profile, SecretKind.CLIENT_SECRET, "second");
    assertThat(store.read(profile, SecretKind.CLIENT_SECRET)).contains("second");
    assertThat(KeyringTestSupport.secretToolLookup(SecretKind.CLIENT_SECRET.account(profile))).isEqualTo("second");
    store.delete(profile, SecretKind.CLIENT_SECRET);
    assertThat(store.read(profile, SecretKind.CLIENT_SECRET)).isEmpty();
  }

  @Test
  void severalMatchingItemsAreLeftToJavaKeyringWhichRefusesThemAsBefore() throws Exception {
    needsKeyring();
    String account = SecretKind.CLIENT_SECRET.account(profile);
    try (Keyring keyring = Keyring.create()) {
      keyring.setPassword("entratool", account, "one");
    }
    // A second item whose attributes include service and account also matches java-keyring's search.
    Process store = new ProcessBuilder("secret-tool", "store", "--label=duplicate", "service", "entratool",
        "account", account, "origin", "test").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    store.getOutputStream().write("two".getBytes(StandardCharsets.UTF_8));
    store.getOutputStream().close();
    assertThat(store.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(store.exitValue()).isZero();

    assertThat(sessionReader().lookup(attributes(account))).isInstanceOf(Unavailable.class);
    assertThatThrownBy(() -> KeyringSecretStore.open(Environment.system()).read(profile, SecretKind.CLIENT_SECRET))
        .isInstanceOf(EntraToolException.class).hasMessageContaining("Too many stored credentials");
  }

  @Test
  void noBusAddressIsUnavailable() {
    assertThat(new SecretServiceReader(Optional.empty()).lookup(attributes("a:b")))
        .isInstanceOf(Unavailable.class);
  }

  @Test
  void abstractGarbageOrAbsentSocketAddressesAreUnavailable() {
    for (String address : new String[] {"unix:abstract=/tmp/dbus-abcdef,guid=0123", "garbage;;,=",
        "tcp:host=127.0.0.1,port=1", "unix:path=" + temp.resolve("no-such-socket")}) {
      assertThat(new SecretServiceReader(Optional.of(address)).lookup(attributes("a:b"))).as(address)
          .isInstanceOf(Unavailable.class);
    }
  }

  @Test
  void aSocketThatNeverAnswersIsUnavailableOnceTheTimeoutRunsOut() throws Exception {
    Path socket = temp.resolve("silent");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      // The kernel completes the connection from the backlog; nobody ever reads or writes.
      Lookup lookup = new SecretServiceReader(Optional.of("unix:path=" + socket), Duration.ofMillis(200))
          .lookup(attributes("a:b"));
      assertThat(lookup).isInstanceOf(Unavailable.class);
      assertThat(((Unavailable) lookup).reason()).contains("no answer");
    }
  }

  @Test
  void aBusWithoutSecretServiceIsUnavailable() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/dbus-daemon")), "needs dbus-daemon");
    Path config = temp.resolve("bus.conf");
    Files.writeString(config, "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\""
        + " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
        + "<busconfig><type>session</type><listen>unix:dir=" + temp + "</listen><auth>EXTERNAL</auth>"
        + "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
        + "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n");
    Process bus = new ProcessBuilder("/usr/bin/dbus-daemon", "--config-file=" + config, "--nofork",
        "--print-address=1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String address = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      assertThat(address).startsWith("unix:path=");

      Lookup lookup = new SecretServiceReader(Optional.of(address)).lookup(attributes("a:b"));

      assertThat(lookup).isInstanceOf(Unavailable.class);
      assertThat(((Unavailable) lookup).reason()).contains("no Secret Service");
    } finally {
      bus.destroy();
      bus.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
