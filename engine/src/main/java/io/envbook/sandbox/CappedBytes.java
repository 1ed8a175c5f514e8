package io.envbook.sandbox;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output sink that keeps the first {@code cap} bytes a command writes and drops (but counts) the
 * rest, so a command that prints gigabytes costs no memory. Safe for stdout and stderr at once.
 */
final class CappedBytes extends OutputStream {
  private final byte[] kept;
  private int size;
  private boolean truncated;

  CappedBytes(int cap) {
    this.kept = new byte[cap];
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int room = kept.length - size;
    int n = Math.min(room, len);
    System.arraycopy(b, off, kept, size, n);
    size += n;
    if (len > n) {
      truncated = true;
    }
  }

  /** What was kept, as UTF-8 text; a character cut in half at the cap is left out. */
  synchronized String text() {
    String s = new String(kept, 0, size, StandardCharsets.UTF_8);
    return truncated && s.endsWith("\uFFFD") ? s.substring(0, s.length() - 1) : s;
  }

  synchronized boolean truncated() {
    return truncated;
  }
}
