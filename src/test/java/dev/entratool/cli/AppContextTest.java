package dev.entratool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.Environment;
import dev.entratool.platform.Terminal;
import dev.entratool.testing.TestPki;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composition root makes the JVM-wide HTTPS setting, once a run, with the sockets the token calls use. */
class AppContextTest {
  @TempDir Path dir;

  @Test
  void theRunsHttpsSocketsAreBuiltOnceAndBecomeTheProcessDefault() throws Exception {
    Path bundle = new TestPki().writeCaBundle(dir.resolve("ca.pem"));
    AppContext context = new AppContext(Environment.of(Map.of("ENTRATOOL_HOME", dir.toString())),
        Clock.systemUTC(), InputStream.nullInputStream(), Terminal.NONE, false);

    SSLSocketFactory sockets = context.httpsSockets(Optional.of(bundle));

    assertThat(HttpsURLConnection.getDefaultSSLSocketFactory()).isSameAs(sockets);
    assertThat(context.httpsSockets(Optional.of(bundle))).isSameAs(sockets);
  }
}
