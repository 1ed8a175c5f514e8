package io.envbook.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code envbook} command as a user starts it: a JVM of its own, with its exit code, output and wall time. */
final class EnvbookProcess {
  private EnvbookProcess() {}

  /** What a finished run left: exit code, stdout and stderr together, and how long it took. */
  record Result(int exitCode, String output, Duration took) {}

  /** {@code java [jvmOptions] -cp <the test class path> io.envbook.cli.Main args...}. */
  static List<String> command(List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts {@code command} with its output going to {@code log}. */
  static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Runs {@code command} to its end (killing it after {@code patience}) and returns what it left. */
  static Result run(List<String> command, Map<String, String> env, Path log, Duration patience) throws Exception {
    long t0 = System.nanoTime();
    Process p = start(command, env, log);
    if (!p.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("envbook still ran after " + patience + ":\n" + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log), Duration.ofNanos(System.nanoTime() - t0));
  }

  /** The rollout lines of a rollout file, its header (what produced it) left out. */
  static List<String> rolloutLines(java.nio.file.Path file) throws java.io.IOException {
    return java.nio.file.Files.readAllLines(file).stream().filter(l -> !l.startsWith("{\"envbook_run\"")).toList();
  }
}
