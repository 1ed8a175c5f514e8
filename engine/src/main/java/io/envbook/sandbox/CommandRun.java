package io.envbook.sandbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a started command with a timeout and collects its capped output: past the timeout, or
 * when the waiting thread is interrupted, {@code stop} kills it and its result says it timed out.
 */
final class CommandRun {
  private CommandRun() {}

  static ExecResult await(Process p, Duration timeout, int outputCap, Runnable stop) {
    CappedOutput output = new CappedOutput(p.getInputStream(), outputCap);
    boolean timedOut = false;
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        stop.run();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      stop.run();
      Thread.currentThread().interrupt();
      timedOut = true;
    }
    String text = output.await(timedOut ? 200 : 1000);
    return new ExecResult(timedOut ? ExecResult.TIMEOUT_EXIT : p.exitValue(), text, timedOut, output.truncated());
  }
}
