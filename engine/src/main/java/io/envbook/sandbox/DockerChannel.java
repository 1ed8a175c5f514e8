package io.envbook.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Runs programs in one Docker container through {@code docker exec}, and removes the container on
 * {@link #close()}. Works with any engine the {@code docker} command reaches, a remote one too:
 * nothing is shared with the host but the streams.
 */
final class DockerChannel implements CommandChannel {
  private final String container;

  DockerChannel(String container) {
    this.container = container;
  }

  String container() {
    return container;
  }

  @Override
  public int run(List<String> argv, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout)
      throws IOException, TimeoutException {
    List<String> cmd = new ArrayList<>(List.of("docker", "exec"));
    if (stdin != null) {
      cmd.add("-i");
    }
    cmd.add(container);
    cmd.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (stdin == null) {
      pb.redirectInput(new File("/dev/null"));
    }
    return HostProcess.run(pb, stdin, stdout, stderr, timeout);
  }

  @Override
  public void close() throws IOException {
    String out = docker(List.of("docker", "rm", "-f", container), Duration.ofSeconds(60));
    if (out != null && !out.contains("No such container")) {
      throw new IOException("`docker rm -f " + container + "` failed: " + out);
    }
  }

  /** Runs a {@code docker} command; {@code null} when it succeeded, else what it printed. */
  static String docker(List<String> command, Duration timeout) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      int exit = HostProcess.run(new ProcessBuilder(command).redirectInput(new File("/dev/null")), null, out, out, timeout);
      return exit == 0 ? null : out.toString(StandardCharsets.UTF_8).strip();
    } catch (TimeoutException e) {
      return "`" + String.join(" ", command.subList(0, 2)) + "` did not finish within " + timeout.toSeconds() + " s";
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
