package dev.entratool.secret.dbus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test's own D-Bus session bus, in a folder of its own, with a throwaway GNOME Keyring on it when asked for: what a
 * test does to it (locking the keyring, say) never reaches the session that scripts/run-tests.sh shares with the
 * other tests. Skipped where dbus-daemon or gnome-keyring-daemon is missing. Close it to stop both.
 */
public final class PrivateBus implements AutoCloseable {
  private static final String SECRETS = "org.freedesktop.secrets";

  private final Process bus;
  private final String address;
  private Process keyring;

  private PrivateBus(Process bus, String address) {
    this.bus = bus;
    this.address = address;
  }

  /** A bus with nothing on it. */
  public static PrivateBus start(Path folder) throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/dbus-daemon")), "needs dbus-daemon");
    Path config = folder.resolve("bus.conf");
    Files.writeString(config, "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\""
        + " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
        + "<busconfig><type>session</type><listen>unix:dir=" + folder + "</listen><auth>EXTERNAL</auth>"
        + "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
        + "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n");
    Process bus = new ProcessBuilder("/usr/bin/dbus-daemon", "--config-file=" + config, "--nofork",
        "--print-address=1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String address = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
    PrivateBus started = new PrivateBus(bus, address);
    if (address == null || !address.startsWith("unix:path=")) {
      started.close();
      throw new IOException("dbus-daemon printed no socket address: " + address);
    }
    return started;
  }

  /** A bus with GNOME Keyring on it, whose default collection is created and unlocked with a throwaway password. */
  public static PrivateBus withKeyring(Path folder) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/gnome-keyring-daemon")), "needs gnome-keyring-daemon");
    PrivateBus started = start(folder);
    try {
      Path data = Files.createDirectories(folder.resolve("data"));
      Path runtime = Files.createDirectory(folder.resolve("run"),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      ProcessBuilder daemon = new ProcessBuilder("/usr/bin/gnome-keyring-daemon", "--foreground", "--unlock",
          "--components=secrets").redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      // Only these: GNOME_KEYRING_CONTROL, say, would hand the password to the run's own keyring daemon instead.
      daemon.environment().clear();
      daemon.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      daemon.environment().put("HOME", folder.toString());
      daemon.environment().put("DBUS_SESSION_BUS_ADDRESS", started.address);
      daemon.environment().put("XDG_DATA_HOME", data.toString());
      daemon.environment().put("XDG_RUNTIME_DIR", runtime.toString());
      started.keyring = daemon.start();
      try (OutputStream password = started.keyring.getOutputStream()) {
        password.write("throwaway".getBytes(StandardCharsets.UTF_8));
      }
      started.awaitSecretService();
      return started;
    } catch (IOException | InterruptedException | RuntimeException e) {
      started.close();
      throw e;
    }
  }

  /**
   * Waits until the Secret Service's name has an owner: gnome-keyring-daemon says nothing when it has taken it, and
   * the bus offers no way to wait for that which this small client could use.
   */
  private void awaitSecretService() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (DBusConnection connection = connect()) {
        Object owned = connection.call(0, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
            "NameHasOwner", "s", new DBusWriter().writeString(SECRETS).toByteArray()).get(0);
        if (Boolean.TRUE.equals(owned)) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("gnome-keyring-daemon never took " + SECRETS + " on the bus");
      }
      Thread.sleep(20);
    }
  }

  /** A connection of the test's own to this bus. */
  DBusConnection connect() throws IOException {
    return DBusConnection.open(DBusAddress.socketPaths(address).get(0),
        SecretServiceClient.effectiveUid().orElseThrow(), Duration.ofSeconds(10));
  }

  /** The bus address, as DBUS_SESSION_BUS_ADDRESS holds it. */
  public String address() {
    return address;
  }

  /** Locks the default collection, as a screen lock does: every item stays, and only a prompt unlocks it again. */
  public void lockDefaultCollection() throws IOException {
    String collection = "/org/freedesktop/secrets/aliases/default";
    try (DBusConnection connection = connect()) {
      // ao with one element: its length in bytes (the path's own length, its bytes and its NUL), then the path
      byte[] paths = new DBusWriter().writeUint32(4 + collection.length() + 1).writeObjectPath(collection)
          .toByteArray();
      connection.call(0, SECRETS, "/org/freedesktop/secrets", "org.freedesktop.Secret.Service", "Lock", "ao", paths);
      Object locked = connection.call(0, SECRETS, collection, "org.freedesktop.DBus.Properties", "Get", "ss",
          new DBusWriter().writeString("org.freedesktop.Secret.Collection").writeString("Locked").toByteArray())
          .get(0);
      if (!Boolean.TRUE.equals(locked)) {
        throw new IOException("the default collection did not lock");
      }
    }
  }

  @Override
  public void close() {
    for (Process process : keyring == null ? List.of(bus) : List.of(keyring, bus)) {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
