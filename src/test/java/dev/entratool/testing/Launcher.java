package dev.entratool.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code bin/entratool} as a separate process, as a shell script would. */
public final class Launcher {
  private final Path launcher;
  private final Map<String, String> env = new HashMap<>();
  private Path stdout;

  public Launcher(Path home) {
    this(Path.of(System.getProperty("entratool.launcher", "bin/entratool")), home);
  }

  public Launcher(Path launcher, Path home) {
    this.launcher = launcher.toAbsolutePath();
    if (home != null) {
      env.put("ENTRATOOL_HOME", home.toString());
    }
    env.put("ENTRATOOL_SECRET_STORE", "file");
    env.put("ENTRATOOL_SHM_DIR", CliRunner.NO_MEMORY_DIR); // a test that wants the real /dev/shm unsets it
  }

  public Launcher env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public Launcher unset(String name) {
    env.put(name, null);
    return this;
  }

  /** Sends stdout to {@code file} (as {@code > file} does) instead of capturing it. */
  public Launcher stdoutTo(Path file) {
    this.stdout = file;
    return this;
  }

  public CliRunner.Result run(String stdin, String... args) throws IOException, InterruptedException {
    return finish(start(args), stdin, args);
  }

  /** Runs with standard input read from {@code stdin} (a file, or a device such as /dev/zero). */
  public CliRunner.Result runWithStdinFrom(Path stdin, String... args) throws IOException, InterruptedException {
    return finish(builder(args).redirectInput(stdin.toFile()).start(), null, args);
  }

  private static CliRunner.Result finish(Process p, String stdin, String[] args)
      throws IOException, InterruptedException {
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("entratool did not finish: " + String.join(" ", args));
    }
    return new CliRunner.Result(p.exitValue(), out.join(), err.join());
  }

  public Process start(String... args) throws IOException {
    return builder(args).start();
  }

  private ProcessBuilder builder(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (stdout != null) {
      pb.redirectOutput(stdout.toFile());
    }
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    return pb;
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }
}
