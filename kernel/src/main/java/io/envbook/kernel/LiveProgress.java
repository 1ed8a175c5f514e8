package io.envbook.kernel;

import io.envbook.kernel.display.MimeBundle;
import io.envbook.report.Html;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutListener;
import io.envbook.rollout.RunSummary;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;

/** A progress bar under the running cell, updated in place at most four times a second. */
final class LiveProgress implements RolloutListener {
  private final String id = java.util.UUID.randomUUID().toString();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger ran = new AtomicInteger();
  private final DoubleAdder rewards = new DoubleAdder();
  private volatile int total;
  private volatile String env = "";
  private volatile long lastUpdate;
  private volatile boolean shown;

  @Override
  public void runStarted(String env, int total, int alreadyDone) {
    this.env = env;
    this.total = total;
    done.set(alreadyDone);
    Notebook.publish("display_data", bundle(), id);
    shown = true;
  }

  @Override
  public void rolloutFinished(Rollout r) {
    done.incrementAndGet();
    ran.incrementAndGet();
    rewards.add(r.score());
    if (!r.ok()) {
      failed.incrementAndGet();
    }
    long now = System.nanoTime();
    if (now - lastUpdate > 250_000_000L) {
      lastUpdate = now;
      Notebook.publish("update_display_data", bundle(), id);
    }
  }

  void done(RunSummary s) {
    if (shown) {
      Notebook.publish("update_display_data", bundle(), id);
    }
  }

  private MimeBundle bundle() {
    int d = done.get();
    int pct = total == 0 ? 100 : d * 100 / total;
    String text = String.format(Locale.ROOT, "%s: %d/%d rollouts, mean reward %.2f, %d failed", env, d, total,
        ran.get() == 0 ? 0.0 : rewards.sum() / ran.get(), failed.get());
    // <progress>, not styled boxes: the browser draws it, also in an untrusted notebook, which keeps no style
    String html = "<div style=\"font-family:sans-serif;font-size:13px\">" + Html.esc(env) + " <progress style=\"width:200px;"
        + "vertical-align:middle\" max=\"" + Math.max(1, total) + "\" value=\"" + (total == 0 ? 1 : d) + "\">" + pct + "%</progress> "
        + Html.esc(text.substring(text.indexOf(':') + 2)) + "</div>";
    return MimeBundle.of(Map.of("text/html", html, "text/plain", text));
  }
}
