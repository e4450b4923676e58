package dev.entratool.cli.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.Terminal;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.TestJwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast {@code inspect -f FILE} prints the very bytes the full path prints (both print a {@code TokenReport}), and
 * leaves what it does not answer, errors included, to the full path.
 */
class FastPathInspectTest {
  private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

  @TempDir Path home;

  @Test
  void printsTheClaimsAsTheFullPathDoesOnATerminalAndOff() throws Exception {
    List<String> payloads = List.of(
        TestJwts.json(TestJwts.graphClaims(TestJwts.NOW.getEpochSecond() - 60, TestJwts.NOW.getEpochSecond() + 600)),
        "{}",
        "{\"exp\":" + (TestJwts.NOW.getEpochSecond() - 5) + ",\"nbf\":null,\"roles\":[]}",
        "{\"n\":[1.50,-0,1e400,2.5E-3,123456789012345678901234567890],"
            + "\"o\":{\"a\":{},\"b\":[[]]},\"t\":true,\"f\":false}",
        "{\"s\":\"tab\\t nl\\n cr\\r bs\\b ff\\f ctl\\u0001\\u001f del\\u007f"
            + " quote\\\" back\\\\ slash\\/ \\u00e9 \\ud83d\\ude00\"}",
        "{\"lone\":\"\\ud800\",\"nbf\":" + (TestJwts.NOW.getEpochSecond() + 60) + ",\"exp\":"
            + (TestJwts.NOW.getEpochSecond() + 7200) + "}",
        "{\"exp\":1.5,\"nbf\":-1e-99999999}",
        "{\"exp\":\"soon\"}",
        "{\"exp\":1e300}");
    for (String payload : payloads) {
      Path file = Files.writeString(home.resolve("token.txt"), TestJwts.token(HEADER, payload) + "\n");
      for (boolean terminal : new boolean[] {false, true}) {
        String[] call = {"inspect", "-f", file.toString()};
        Result fast = fast(call, terminal);
        assertThat(fast.exitCode()).as(payload).isZero();
        assertThat(fast).as(payload).isEqualTo(full(home, call, terminal));
      }
    }
  }

  @Test
  void leavesOtherCallsToTheFullPath() throws Exception {
    Path file = Files.writeString(home.resolve("token.txt"), TestJwts.valid());
    Path twice = Files.writeString(home.resolve("twice.txt"), TestJwts.token(HEADER, "{\"a\":1,\"a\":1}"));
    for (String[] call : new String[][] {
        {"inspect", "-f", file.toString(), "--full"},
        {"inspect", "--header", "-f", file.toString()},
        {"inspect", "-t", TestJwts.valid()},
        {"inspect", "-f", "-"},
        {"inspect", "-f", home.resolve("missing").toString()},
        {"inspect", "-f", twice.toString()},
        {"inspect"}}) {
      assertThat(fast(call, true)).as(String.join(" ", call)).isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));
    }
  }

  private static Result fast(String[] args, boolean stderrTerminal) {
    return FastCalls.run(Map.of(), TestJwts.CLOCK, new Terminal(false, stderrTerminal), args);
  }

  private static Result full(Path home, String[] args, boolean stderrTerminal) {
    return new CliRunner(home).clock(TestJwts.CLOCK).stderrTerminal(stderrTerminal)
        .env("ENTRATOOL_NO_FAST_PATH", "1").run(args);
  }
}
