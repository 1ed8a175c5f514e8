package io.envbook.util;

import java.util.concurrent.CountDownLatch;

/** Code that never returns and swallows every interrupt, as careless user code does; let go when the test closes it. */
public final class Stuck implements AutoCloseable {
  private final CountDownLatch release = new CountDownLatch(1);

  /** Blocks until {@link #close}, ignoring interrupts. */
  public String hang() {
    while (release.getCount() > 0) {
      try {
        release.await();
      } catch (InterruptedException ignored) {
        // ignored on purpose
      }
    }
    return "too late";
  }

  @Override
  public void close() {
    release.countDown();
  }
}
