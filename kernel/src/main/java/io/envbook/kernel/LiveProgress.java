package io.envbook.kernel;

import io.envbook.kernel.display.MimeBundle;
import io.envbook.report.Html;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutListener;
import io.envbook.rollout.RunStart;
import io.envbook.rollout.RunSummary;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A progress bar under the running cell, updated in place at most four times a second. Rollouts
 * resumed from the output file count as done, with their rewards in the mean, and are named as
 * resumed; the last update shows the run's summary.
 */
final class LiveProgress implements RolloutListener {
  private final String id = java.util.UUID.randomUUID().toString();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final DoubleAdder rewards = new DoubleAdder();
  private volatile int total;
  private volatile int resumed;
  private volatile String note;
  private volatile String env = "";
  private volatile long lastUpdate;
  private volatile boolean shown;

  @Override
  public void runStarted(RunStart start) {
    this.env = start.env();
    this.total = start.total();
    this.resumed = start.resumed().size();
    this.note = start.note();
    done.set(start.resumed().size());
    rewards.add(start.resumedRewardSum());
    Notebook.publish("display_data", bundle(), id);
    shown = true;
  }

  @Override
  public void rolloutFinished(Rollout r) {
    rewards.add(r.score());
    done.incrementAndGet();
    if (!r.ok()) {
      failed.incrementAndGet();
    }
    long now = System.nanoTime();
    if (now - lastUpdate > 250_000_000L) {
      lastUpdate = now;
      Notebook.publish("update_display_data", bundle(), id);
    }
  }

  /** The last update: the summary's own counts and mean, so the bar agrees with the table below it. */
  void done(RunSummary s) {
    if (shown) {
      Notebook.publish("update_display_data", bundle(s.total(), s.resumed(), s.meanReward(), s.failed()), id);
    }
  }

  private MimeBundle bundle() {
    int d = done.get();
    return bundle(d, resumed, d == 0 ? 0.0 : rewards.sum() / d, failed.get());
  }

  private MimeBundle bundle(int d, int resumedCount, double mean, int failedCount) {
    int pct = total == 0 ? 100 : Math.min(100, d * 100 / total);
    String counts = String.format(Locale.ROOT, "%d/%d rollouts%s, mean reward %.2f, %d failed", d, total,
        resumedCount > 0 ? " (" + resumedCount + " resumed)" : "", mean, failedCount);
    String text = env + ": " + counts + (note == null ? "" : "\n" + note);
    // <progress>, not styled boxes: the browser draws it, also in an untrusted notebook, which keeps no style
    String html = "<div style=\"font-family:sans-serif;font-size:13px\">" + Html.esc(env) + " <progress style=\"width:200px;"
        + "vertical-align:middle\" max=\"" + Math.max(1, total) + "\" value=\"" + (total == 0 ? 1 : Math.min(d, total)) + "\">" + pct
        + "%</progress> " + Html.esc(counts) + (note == null ? "" : "<div>" + Html.esc(note) + "</div>") + "</div>";
    return MimeBundle.of(Map.of("text/html", html, "text/plain", text));
  }
}
