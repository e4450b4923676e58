package dev.entratool.auth;

import java.io.IOException;

/** A connection failure on the way through a proxy, naming the proxy (host:port, never its credentials). */
final class ViaProxy extends IOException {
  private static final long serialVersionUID = 1L;

  private final String proxy;

  ViaProxy(String proxy, IOException cause) {
    super("through the proxy " + proxy, cause);
    this.proxy = proxy;
  }

  /** {@code host:port} of the proxy. */
  String proxy() {
    return proxy;
  }
}
