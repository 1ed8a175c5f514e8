package io.envbook.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a process's output on its own virtual thread, keeping the first {@code cap} characters and
 * draining (and dropping) the rest, so a command that prints gigabytes costs no memory.
 */
final class CappedOutput {
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
    }
  }

  /**
   * Called once the process has exited: waits for the output to end, or, when background children
   * keep it open, until nothing new has arrived for 50 ms (at most {@code millis}), then returns
   * what was read.
   */
  String await(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    long seen = -1;
    long quietSince = System.nanoTime();
    try {
      while (reader.isAlive() && System.nanoTime() < deadline) {
        reader.join(10);
        long now = received;
        if (now != seen) {
          seen = now;
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > 50_000_000L) {
          break;
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
