package dev.entratool.cli.fast;

import static dev.entratool.testing.TestJwts.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.entratool.platform.Terminal;
import dev.entratool.testing.CliRunner;
import dev.entratool.testing.CliRunner.Result;
import dev.entratool.testing.TestJwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast {@code discover} answers plain calls exactly as the full command line does (both print a {@code
 * TokenReport}), and leaves the rest, errors included, to it.
 */
class FastPathDiscoverTest {
  @TempDir Path home;
  private Path token;

  @BeforeEach
  void setUp() throws Exception {
    token = Files.writeString(home.resolve("token.txt"), TestJwts.valid() + "\n");
  }

  @Test
  void answersPlainCallsWithTheFullPathsOutputAndExitCode() throws Exception {
    Map<String, Object> notYet = new LinkedHashMap<>();
    notYet.put("nbf", NOW.getEpochSecond() + 300);
    notYet.put("exp", NOW.getEpochSecond() + 3600);
    Path future = Files.writeString(home.resolve("future.txt"), TestJwts.sign(notYet));
    Path expired = Files.writeString(home.resolve("expired.txt"), " Bearer " + TestJwts.expired() + "\n");
    Path fractional = Files.writeString(home.resolve("fraction.txt"),
        TestJwts.sign(Map.of("exp", NOW.getEpochSecond() + 600.25, "nbf", 1.5e9)));
    List<String[]> calls = List.of(
        new String[] {"discover", "-f", token.toString()},
        new String[] {"discover", "--file", token.toString(), "--min-validity", "10"},
        new String[] {"discover", "-f", token.toString(), "--min-validity", "60"},
        new String[] {"discover", "-q", "-f", token.toString(), "--min-validity", "60"},
        new String[] {"discover", "-f", future.toString()},
        new String[] {"discover", "--quiet", "-f", expired.toString()},
        new String[] {"discover", "-f", fractional.toString(), "--min-validity", "10"},
        new String[] {"discover", "-f", fractional.toString(), "--min-validity", "11"});
    for (String[] call : calls) {
      assertThat(fast(call)).as(String.join(" ", call)).isEqualTo(full(call))
          .extracting(Result::exitCode).isNotEqualTo(FastPath.NOT_HANDLED);
    }
  }

  @Test
  void leavesEverythingElseToTheFullPathAndPrintsNothing() throws Exception {
    Path outOfRange = Files.writeString(home.resolve("range.txt"), TestJwts.sign(Map.of("exp", 1e300)));
    Path noExp = Files.writeString(home.resolve("noexp.txt"), TestJwts.sign(Map.of("sub", "x")));
    Path garbage = Files.writeString(home.resolve("garbage.txt"), "not a token");
    Path duplicate = Files.writeString(home.resolve("dup.txt"),
        TestJwts.token("{\"alg\":\"RS256\"}", "{\"exp\":1,\"exp\":" + (NOW.getEpochSecond() + 60) + "}"));
    List<String[]> calls = List.of(
        new String[] {"discover", "-f", token.toString(), "--json"},
        new String[] {"discover", "-t", TestJwts.valid()},
        new String[] {"discover", "-f", home.resolve("missing.txt").toString()},
        new String[] {"discover", "-f", home.toString()},
        new String[] {"discover", "-f", garbage.toString()},
        new String[] {"discover", "-f", outOfRange.toString()},
        new String[] {"discover", "-f", noExp.toString()},
        new String[] {"discover", "-f", duplicate.toString()},
        new String[] {"discover", "-f", token.toString(), "--min-validity", "-1"},
        new String[] {"discover", "-f", token.toString(), "--min-validity", "ten"},
        new String[] {"discover", "-f", token.toString(), "-f", token.toString()},
        new String[] {"discover", "-f", "-"},
        new String[] {"discover", "--help"},
        new String[] {"--verbose", "discover", "-f", token.toString()},
        new String[] {"discover"});
    for (String[] call : calls) {
      assertThat(fast(call)).as(String.join(" ", call)).isEqualTo(new Result(FastPath.NOT_HANDLED, "", ""));
    }
  }

  private static Result fast(String[] args) {
    return FastCalls.run(Map.of(), TestJwts.CLOCK, Terminal.NONE, args);
  }

  private Result full(String[] args) {
    return full(home, args);
  }

  private static Result full(Path home, String[] args) {
    return new CliRunner(home).clock(TestJwts.CLOCK).env("ENTRATOOL_NO_FAST_PATH", "1").run(args);
  }

}
