package dev.entratool.secret.dbus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The socket paths in a D-Bus server address such as {@code unix:path=/run/user/1000/bus,guid=...}; alternatives
 * are separated by {@code ;}. Only {@code unix:path=} is kept: Java cannot open Linux abstract sockets
 * ({@code unix:abstract=}), and other transports (tcp, launchd, ...) are left to java-keyring.
 */
final class DBusAddress {
  private DBusAddress() {}

  static List<Path> socketPaths(String address) {
    List<Path> paths = new ArrayList<>();
    for (String alternative : address.split(";")) {
      int colon = alternative.indexOf(':');
      if (colon < 0 || !alternative.substring(0, colon).equals("unix")) {
        continue;
      }
      for (String pair : alternative.substring(colon + 1).split(",")) {
        if (pair.startsWith("path=") && pair.length() > "path=".length()) {
          String path = unescape(pair.substring("path=".length()));
          if (path != null) {
            paths.add(Path.of(path));
          }
        }
      }
    }
    return paths;
  }

  /** Undoes the address escaping ({@code %XX} for any byte); null when the escaping is broken. */
  private static String unescape(String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        bytes.write(c);
        continue;
      }
      if (i + 2 >= value.length()) {
        return null;
      }
      int high = Character.digit(value.charAt(i + 1), 16);
      int low = Character.digit(value.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
