package io.envbook.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Reads a process's output on its own virtual thread, keeping the first {@code cap} characters and
 * draining (and dropping) the rest, so a command that prints gigabytes costs no memory.
 */
final class CappedOutput {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CappedOutput.class);

  private final StringBuilder kept = new StringBuilder();
  private final int cap;
  private final Thread reader;
  private volatile boolean truncated;
  private volatile long received;

  CappedOutput(InputStream in, int cap) {
    this.cap = cap;
    this.reader = Thread.ofVirtual().name("sandbox-output").start(() -> drain(in));
  }

  private void drain(InputStream in) {
    char[] buf = new char[8192];
    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      int n;
      while ((n = r.read(buf)) >= 0) {
        received += n;
        synchronized (kept) {
          int room = cap - kept.length();
          if (room > 0) {
            kept.append(buf, 0, Math.min(room, n));
          }
          if (n > room) {
            truncated = true;
          }
        }
      }
    } catch (IOException e) {
      // the stream closed under us (process killed): keep what was read
      LOG.debug("a command's output stream closed: {}", e.getMessage());
    }
  }

  /**
   * Called once the process has exited: waits for the output to end, at most {@code millis}. The
   * end comes once every process holding the pipe is gone. While {@code othersMayHoldIt} says
   * background children of the command may still hold it, it returns as soon as nothing new has
   * arrived for 50 ms; otherwise it waits for the end, since on a loaded machine the reader may
   * simply not have run yet, with the rest of the output still in the pipe.
   */
  String await(long millis, BooleanSupplier othersMayHoldIt) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    long seen = -1;
    long quietSince = System.nanoTime();
    boolean othersGone = false;
    try {
      while (reader.isAlive() && System.nanoTime() < deadline) {
        reader.join(10);
        long now = received;
        if (now != seen) {
          seen = now;
          quietSince = System.nanoTime();
        } else if (!othersGone && System.nanoTime() - quietSince > 50_000_000L) {
          if (othersMayHoldIt.getAsBoolean()) {
            break;
          }
          othersGone = true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (kept) {
      return kept.toString();
    }
  }

  boolean truncated() {
    return truncated;
  }
}
