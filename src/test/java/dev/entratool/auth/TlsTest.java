package dev.entratool.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.EntraToolException;
import dev.entratool.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
  @TempDir Path dir;

  /** Runs prepare's work only when told to, so a test decides what the file system looks like then. */
  private final List<Runnable> pending = new ArrayList<>();
  private final Tls tls = new Tls(pending::add);

  private void runPreparation() {
    pending.forEach(Runnable::run);
    pending.clear();
  }

  @Test
  void theCallTakesThePreparedContextForItsBundleOnce() throws Exception {
    Path bundle = new TestPki().writeCaBundle(dir.resolve("ca.pem"));
    tls.prepare(Optional.of(bundle));
    runPreparation();
    Files.delete(bundle); // so only the prepared context can answer without an error

    SSLContext prepared = tls.sslContext(Optional.of(bundle));

    assertThat(prepared.getProtocol()).isEqualTo("TLS");
    assertThatThrownBy(() -> tls.sslContext(Optional.of(bundle)))
        .isInstanceOf(EntraToolException.class).hasMessage("CA bundle " + bundle + " does not exist");
  }

  @Test
  void aContextPreparedForAnotherBundleIsNotUsed() throws Exception {
    Path bundle = new TestPki().writeCaBundle(dir.resolve("ca.pem"));
    Path other = dir.resolve("other.pem");
    tls.prepare(Optional.of(bundle));
    runPreparation();

    assertThatThrownBy(() -> tls.sslContext(Optional.of(other)))
        .isInstanceOf(EntraToolException.class).hasMessage("CA bundle " + other + " does not exist");
    Files.delete(bundle); // the prepared context went with that call: this one builds anew, and fails
    assertThatThrownBy(() -> tls.sslContext(Optional.of(bundle)))
        .isInstanceOf(EntraToolException.class).hasMessage("CA bundle " + bundle + " does not exist");
  }

  @Test
  void aCallBeforeTheOtherThreadStartedBuildsTheContextInPlace() throws Exception {
    Path bundle = new TestPki().writeCaBundle(dir.resolve("ca.pem"));
    tls.prepare(Optional.of(bundle));

    assertThat(tls.sslContext(Optional.of(bundle)).getProtocol()).isEqualTo("TLS"); // does not wait for it
    assertThat(pending).singleElement().isInstanceOfSatisfying(FutureTask.class,
        task -> assertThat(task.isDone()).as("built by the call").isTrue());
  }

  @Test
  void theRunsOwnThreadPreparesAContextTheCallTakes() throws Exception {
    Path bundle = new TestPki().writeCaBundle(dir.resolve("ca.pem"));
    Tls threaded = new Tls();
    threaded.prepare(Optional.of(bundle));

    SSLContext context = threaded.sslContext(Optional.of(bundle));

    assertThat(context.getProtocol()).isEqualTo("TLS");
    assertThat(context.getSocketFactory().getDefaultCipherSuites()).isNotEmpty();
  }

  @Test
  void aFailedPreparationIsReportedByTheCallThatNeedsTheContext() throws Exception {
    Path bundle = dir.resolve("ca.pem");
    tls.prepare(Optional.of(bundle));
    runPreparation(); // fails: no file yet; nothing is thrown here

    assertThatThrownBy(() -> tls.sslContext(Optional.of(bundle)))
        .isInstanceOf(EntraToolException.class).hasMessage("CA bundle " + bundle + " does not exist");
    new TestPki().writeCaBundle(bundle);
    assertThat(tls.sslContext(Optional.of(bundle)).getProtocol()).isEqualTo("TLS");
  }
}
