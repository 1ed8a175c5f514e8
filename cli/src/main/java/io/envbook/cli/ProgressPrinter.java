package io.envbook.cli;

import io.envbook.model.RetryListener;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutGroup;
import io.envbook.rollout.RolloutListener;
import io.envbook.rollout.RunStart;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Shows a run's progress: a bar redrawn in place (at most ten times a second) on a terminal, one
 * plain line per finished group otherwise (logs, CI, pipes). Rollouts resumed from the output file
 * count as finished, their rewards in the mean.
 */
final class ProgressPrinter implements RolloutListener, RetryListener {
  /** How long a retry stays on the bar, and the least time between two retry lines in plain output. */
  private static final long RETRY_SHOWN_NANOS = 10_000_000_000L;
  private final PrintStream out;
  private final boolean terminal;
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger groups = new AtomicInteger();
  private final DoubleAdder rewardSum = new DoubleAdder();
  private volatile int total;
  private volatile String env = "";
  private volatile long startNanos = System.nanoTime();
  private volatile long lastDraw;
  private volatile String lastRetry;
  private volatile long lastRetryNanos;
  private final AtomicInteger retriesUnshown = new AtomicInteger();

  ProgressPrinter(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  static ProgressPrinter forConsole(PrintStream out) {
    return new ProgressPrinter(out, isTerminal());
  }

  static ProgressPrinter plain(PrintStream out) {
    return new ProgressPrinter(out, false);
  }

  @Override
  public void runStarted(RunStart start) {
    this.env = start.env();
    this.total = start.total();
    this.startNanos = System.nanoTime();
    int resumed = start.resumed().size();
    finished.set(resumed);
    rewardSum.add(start.resumedRewardSum());
    out.println("Running " + total + " rollouts of " + env + (resumed > 0 ? " (" + resumed + " resumed from the output file)" : ""));
    if (start.note() != null) {
      out.println("  note: " + start.note());
    }
  }

  @Override
  public void rolloutFinished(Rollout rollout) {
    finished.incrementAndGet();
    rewardSum.add(rollout.score());
    if (!rollout.ok()) {
      failed.incrementAndGet();
      if (!terminal) {
        out.println("  failed: item " + rollout.itemId() + " sample " + rollout.sample() + ": " + rollout.error());
      }
    }
    if (terminal) {
      draw(false);
    }
  }

  /** Always printed, on a terminal too: a lost rollout is data the user must know is missing. */
  @Override
  public synchronized void rolloutLost(io.envbook.rollout.RolloutKey key, String reason) {
    out.println((terminal ? "\n" : "") + "  lost: item " + key.itemId() + " sample " + key.sample() + ": " + reason);
  }

  @Override
  public synchronized void groupFinished(RolloutGroup group) {
    int n = groups.incrementAndGet();
    if (!terminal) {
      StringBuilder sb = new StringBuilder();
      group.scores().forEach(s -> sb.append(String.format(Locale.ROOT, " %.2f", s)));
      out.printf(Locale.ROOT, "  group %d: item %s rewards%s (mean %.2f)%n", n, group.itemId(), sb, group.meanScore());
    }
  }

  /** Shows a model call waiting to be tried again: on the bar for a while, or one line at most every 10 s. */
  @Override
  public void retrying(String server, String reason, Duration wait, int attempt) {
    String text = "retrying: " + reason + " from " + server + ", " + seconds(wait);
    long now = System.nanoTime();
    if (terminal) {
      lastRetry = text;
      lastRetryNanos = now;
      draw(true);
      return;
    }
    synchronized (this) {
      if (lastRetry != null && now - lastRetryNanos < RETRY_SHOWN_NANOS) {
        retriesUnshown.incrementAndGet();
        return;
      }
      int more = retriesUnshown.getAndSet(0);
      out.println("  " + text + (more > 0 ? " (" + more + " more retries since the last line)" : ""));
      lastRetry = text;
      lastRetryNanos = now;
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() >= 10_000 || d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** Ends the bar's line on a terminal. */
  void finish() {
    if (terminal) {
      draw(true);
      out.println();
    }
  }

  private synchronized void draw(boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    int done = finished.get();
    int width = 30;
    int filled = total == 0 ? width : Math.min(width, done * width / total);
    String bar = "#".repeat(filled) + ".".repeat(width - filled);
    double mean = done == 0 ? 0 : rewardSum.sum() / Math.max(1, done);
    String retry = lastRetry != null && now - lastRetryNanos < RETRY_SHOWN_NANOS ? "  " + lastRetry : "";
    out.printf(Locale.ROOT, "\r  %s [%s] %d/%d  mean reward %.2f  failed %d  %.1fs%s\u001b[K", env, bar, done, total, mean,
        failed.get(), (now - startNanos) / 1e9, retry);
    out.flush();
  }

  private static boolean isTerminal() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // before Java 22 a console exists only on a terminal
    }
  }
}
