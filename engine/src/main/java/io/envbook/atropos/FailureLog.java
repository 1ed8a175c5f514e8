package io.envbook.atropos;

import java.io.PrintStream;

/**
 * Tells the log about a call that keeps failing without flooding it: the first failure at once,
 * then one line every {@code every} while it goes on, and one when it works again.
 *
 * <pre>{@code
 * FailureLog polls = new FailureLog("polling /status-env", log, 30_000);
 * polls.failed(e);   // "serve: polling /status-env failed, retrying: /status-env answered 500: ..."
 * polls.worked();    // "serve: polling /status-env works again after 12 s (40 failures)"
 * }</pre>
 */
final class FailureLog {
  private final String what;
  private final PrintStream log;
  private final long everyMs;
  private long firstAt;
  private long lastToldAt;
  private int failures;

  FailureLog(String what, PrintStream log, long everyMs) {
    this.what = what;
    this.log = log;
    this.everyMs = everyMs;
  }

  synchronized void failed(Exception e) {
    long now = System.currentTimeMillis();
    failures++;
    if (failures == 1) {
      firstAt = now;
      lastToldAt = now;
      log.println("serve: " + what + " failed, retrying: " + e.getMessage());
    } else if (now - lastToldAt >= everyMs) {
      lastToldAt = now;
      log.println("serve: " + what + " still fails after " + (now - firstAt) / 1000 + " s (" + failures + " tries): " + e.getMessage());
    }
  }

  synchronized void worked() {
    if (failures > 0) {
      log.println("serve: " + what + " works again after " + (System.currentTimeMillis() - firstAt) / 1000 + " s (" + failures
          + (failures == 1 ? " failure)" : " failures)"));
      failures = 0;
    }
  }

  /** Failures since the last success. */
  synchronized int failures() {
    return failures;
  }
}
