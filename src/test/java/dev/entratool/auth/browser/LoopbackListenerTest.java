package dev.entratool.auth.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.entratool.error.EntraToolException;
import dev.entratool.error.ExitCode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoopbackListenerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(URI uri, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void queryRedirectDeliversTheCodeAndSaysTheWindowCanBeClosed() throws Exception {
    try (LoopbackListener l = LoopbackListener.start(URI.create("http://localhost"), "st-1")) {
      assertThat(l.redirectUri().getPort()).isPositive();
      assertThat(get(URI.create(l.redirectUri() + "/favicon.ico")).statusCode()).isEqualTo(404);
      HttpResponse<String> r = get(URI.create(l.redirectUri() + "/?code=the-code&state=st-1&session_state=x"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("You can close this window");
      assertThat(l.awaitCode(Duration.ofSeconds(5))).isEqualTo("the-code");
    }
  }

  @Test
  void formPostDeliversTheCode() throws Exception {
    try (LoopbackListener l = LoopbackListener.start(URI.create("http://localhost/cb"), "s%2F1")) {
      assertThat(l.redirectUri().getPath()).isEqualTo("/cb");
      HttpResponse<String> r = post(l.redirectUri(), "code=c%2B1&state=s%252F1");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(l.awaitCode(Duration.ofSeconds(5))).isEqualTo("c+1");
    }
  }

  @Test
  void requestWithoutCodeKeepsWaiting() throws Exception {
    try (LoopbackListener l = LoopbackListener.start(URI.create("http://localhost"), "s")) {
      assertThat(get(URI.create(l.redirectUri() + "/")).statusCode()).isEqualTo(400);
      get(URI.create(l.redirectUri() + "/?code=late&state=s"));
      assertThat(l.awaitCode(Duration.ofSeconds(5))).isEqualTo("late");
    }
  }

  @Test
  void accessDeniedIsRejectedWithEntrasFirstSentence() throws Exception {
    try (LoopbackListener l = LoopbackListener.start(URI.create("http://localhost"), "s")) {
      get(URI.create(l.redirectUri() + "/?error=access_denied&error_description="
          + "AADSTS65004%3A+User+declined+to+consent+to+access+the+app.+Trace+ID%3A+1&state=s"));
      assertThatThrownBy(() -> l.awaitCode(Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(EntraToolException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_REJECTED);
            assertThat(e.getMessage()).isEqualTo("Sign-in was not completed: access_denied "
                + "(AADSTS65004: User declined to consent to access the app.)");
            assertThat(e.hint()).contains("consent was refused");
          });
    }
  }

  @Test
  void wrongStateIsRejected() throws Exception {
    try (LoopbackListener l = LoopbackListener.start(URI.create("http://localhost"), "expected")) {
      assertThat(get(URI.create(l.redirectUri() + "/?code=c&state=forged")).statusCode()).isEqualTo(400);
      assertThatThrownBy(() -> l.awaitCode(Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(EntraToolException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_REJECTED);
            assertThat(e.getMessage()).contains("wrong state");
          });
    }
  }

  @Test
  void portInUseNamesThePortAndTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> LoopbackListener.start(URI.create("http://localhost:" + port), "s"))
          .isInstanceOfSatisfying(EntraToolException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).startsWith("Port " + port + " is already in use");
            assertThat(e.hint()).contains("--port").contains("entratool config edit");
          });
    }
  }

  @Test
  void silenceTimesOutWithTheDeviceCodeHint() {
    try (LoopbackListener l = LoopbackListener.start(URI.create("http://localhost"), "s")) {
      assertThatThrownBy(() -> l.awaitCode(Duration.ofMillis(300)))
          .isInstanceOfSatisfying(EntraToolException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.TIMEOUT);
            assertThat(e.getMessage()).startsWith("Browser did not respond");
            assertThat(e.hint()).contains("-f DeviceCode");
          });
    }
  }

  @Test
  void nonLoopbackRedirectIsRefused() {
    assertThatThrownBy(() -> LoopbackListener.start(URI.create("https://app.example.com/cb"), "s"))
        .hasMessageContaining("is not a loopback address");
  }
}
