package io.envbook.sandbox;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a started command with a timeout and collects its capped output: past the timeout, or
 * when the waiting thread is interrupted, {@code stop} kills it and its result says it timed out.
 */
final class CommandRun {
  private CommandRun() {}

  /**
   * {@code othersMayHoldIt} tells whether processes the command left behind may still hold its
   * output open (see {@link CappedOutput#await}).
   */
  static ExecResult await(Process p, Duration timeout, int outputCap, Runnable stop, BooleanSupplier othersMayHoldIt) {
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
    String text = output.await(timedOut ? 200 : 10_000, othersMayHoldIt);
    return new ExecResult(timedOut ? ExecResult.TIMEOUT_EXIT : p.exitValue(), text, timedOut, output.truncated());
  }
}
