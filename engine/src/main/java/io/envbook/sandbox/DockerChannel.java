package io.envbook.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
  private final DockerCli docker;
  private final String container;

  DockerChannel(DockerCli docker, String container) {
    this.docker = docker;
    this.container = container;
  }

  String container() {
    return container;
  }

  @Override
  public int run(List<String> argv, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout)
      throws IOException, TimeoutException {
    List<String> args = new ArrayList<>(List.of("exec"));
    if (stdin != null) {
      args.add("-i");
    }
    args.add(container);
    args.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(docker.command(args));
    if (stdin == null) {
      pb.redirectInput(new File("/dev/null"));
    }
    return HostProcess.run(pb, stdin, stdout, stderr, timeout);
  }

  @Override
  public void close() throws IOException {
    DockerCli.Result r = docker.run(Duration.ofSeconds(60), "rm", "-f", container);
    if (!r.ok() && !(r.stderr() + r.stdout()).contains("No such container")) {
      throw new IOException("`docker rm -f " + container + "` failed: " + r.complaint());
    }
  }
}
