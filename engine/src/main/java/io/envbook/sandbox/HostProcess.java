package io.envbook.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a host program that stands for a command in a sandbox ({@code docker exec ...}): its stdin
 * fed from a stream, its stdout and stderr copied to sinks, each on its own virtual thread.
 */
final class HostProcess {
  private HostProcess() {}

  static int run(ProcessBuilder pb, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout)
      throws IOException, TimeoutException {
    Process p = pb.start();
    if (stdin != null) {
      Thread.ofVirtual().name("sandbox-stdin").start(() -> {
        try (OutputStream in = p.getOutputStream()) {
          stdin.transferTo(in);
        } catch (IOException e) {
          // the program stopped reading
        }
      });
    }
    Pump out = new Pump(p.getInputStream(), stdout);
    Pump err = new Pump(p.getErrorStream(), stderr);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new TimeoutException("still running after " + timeout);
      }
      out.settle();
      err.settle();
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    }
  }

  /**
   * Copies one stream on a virtual thread. The host program (the docker client, say) is the only
   * writer of its pipes, whatever the command leaves running in the sandbox, so once it has exited
   * {@link #settle()} waits for the stream's end: on a loaded machine the copier may not have run yet.
   */
  static final class Pump {
    private final Thread thread;

    Pump(InputStream from, OutputStream to) {
      thread = Thread.ofVirtual().name("sandbox-output").start(() -> {
        try (from) {
          from.transferTo(to);
        } catch (IOException e) {
          // the process was killed: keep what was read
        }
      });
    }

    void settle() throws InterruptedException {
      thread.join(Duration.ofSeconds(10));
    }
  }
}
