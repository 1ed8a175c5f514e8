package io.envbook.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * How a container backend runs one program inside its container: the one thing such a backend
 * writes, since {@link ContainerSandbox} builds the whole {@link Sandbox} contract (working
 * directory, environment, merged and capped output, timeouts that kill everything a command started,
 * files, folders and search) on top of it.
 *
 * <p>A channel is used from several threads at once.
 */
public interface CommandChannel extends AutoCloseable {

  /**
   * Runs {@code argv} (no shell, the container's default working directory and environment) and
   * waits for it.
   *
   * @param stdin what the program reads; {@code null}: it sees end of input at once
   * @param stdout receives the program's standard output
   * @param stderr receives its standard error
   * @return the program's exit code
   * @throws TimeoutException when it is still running after {@code timeout}; the channel stops
   *     waiting and stops copying its output, and the caller kills what is left
   * @throws IOException when the channel itself fails (the container is gone, the API refused)
   */
  int run(List<String> argv, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout)
      throws IOException, TimeoutException;

  /** Removes the container and whatever it holds. Called once, when its sandbox closes. */
  @Override
  void close() throws IOException;
}
