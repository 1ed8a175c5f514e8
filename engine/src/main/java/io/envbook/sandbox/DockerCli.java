package io.envbook.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The {@code docker} command the docker backend drives: {@code docker} on the {@code PATH}, or the
 * program named by system property {@code envbook.docker} or variable {@code ENVBOOK_DOCKER} (a
 * wrapper, {@code podman}, a test's stand-in).
 *
 * <pre>{@code
 * DockerCli.Result r = DockerCli.fromEnvironment().run(Duration.ofSeconds(60), "ps", "-aq");
 * }</pre>
 */
record DockerCli(String program) {
  /** What a finished {@code docker} command said: its exit code, stdout, and stderr (or why it did not run). */
  record Result(int exit, String stdout, String stderr) {
    boolean ok() {
      return exit == 0;
    }

    /** The command's complaint, its last non-empty line of stderr, else of stdout. */
    String complaint() {
      String text = stderr.isBlank() ? stdout : stderr;
      return text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit " + exit).strip();
    }
  }

  static DockerCli fromEnvironment() {
    String program = System.getProperty("envbook.docker");
    if (program == null || program.isBlank()) {
      program = System.getenv("ENVBOOK_DOCKER");
    }
    return new DockerCli(program == null || program.isBlank() ? "docker" : program);
  }

  /** {@code docker args...}, without stdin, waiting at most {@code timeout}; never throws. */
  Result run(Duration timeout, String... args) {
    return run(timeout, List.of(args));
  }

  Result run(Duration timeout, List<String> args) {
    List<String> cmd = command(args);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      int exit = HostProcess.run(new ProcessBuilder(cmd).redirectInput(new File("/dev/null")), null, out, err, timeout);
      return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (TimeoutException e) {
      return new Result(-1, "", "`docker " + args.getFirst() + "` did not finish within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      return new Result(-1, "", "there is no `" + program + "` command (" + e.getMessage() + ")");
    }
  }

  /** The full command line of {@code docker args...}. */
  List<String> command(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(program));
    cmd.addAll(args);
    return cmd;
  }
}
