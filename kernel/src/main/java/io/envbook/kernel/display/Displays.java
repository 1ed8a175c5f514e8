package io.envbook.kernel.display;

import io.envbook.env.Environment;
import io.envbook.eval.BenchmarkMetrics;
import io.envbook.json.Json;
import io.envbook.report.BenchmarkTableHtml;
import io.envbook.report.Html;
import io.envbook.report.RewardComparison;
import io.envbook.report.RewardHistogram;
import io.envbook.report.RolloutTableHtml;
import io.envbook.report.TranscriptHtml;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RunSummary;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * How values look in a notebook: engine objects as rich MIME bundles (a rollout as a transcript, a run
 * or a list of rollouts as a table with reward statistics and a histogram, an environment as its
 * summary), everything else as text. Register renderers for your own types with {@link #register}.
 */
public final class Displays {
  private static final Map<Class<?>, Function<Object, MimeBundle>> CUSTOM = new ConcurrentHashMap<>();

  private static final Comparator<Rollout> RUN_ORDER =
      Comparator.comparingInt(Rollout::itemIndex).thenComparing(Rollout::itemId).thenComparingInt(Rollout::sample);

  private Displays() {}

  /** Shows values of {@code type} (and its subtypes) with {@code renderer}. */
  @SuppressWarnings("unchecked")
  public static <T> void register(Class<T> type, Function<? super T, MimeBundle> renderer) {
    CUSTOM.put(type, v -> renderer.apply((T) v));
  }

  public static ObjectNode bundle(Object value) {
    return render(value).toJson();
  }

  public static MimeBundle render(Object value) {
    if (value == null) {
      return MimeBundle.of(Map.of("text/plain", "null"));
    }
    for (Map.Entry<Class<?>, Function<Object, MimeBundle>> e : CUSTOM.entrySet()) {
      if (e.getKey().isInstance(value)) {
        return e.getValue().apply(value);
      }
    }
    if (value instanceof MimeBundle b) {
      return b;
    }
    if (value instanceof Rollout r) {
      return MimeBundle.of(Map.of("text/html", TranscriptHtml.render(r), "text/plain", TranscriptHtml.text(r)));
    }
    if (value instanceof RunSummary s) {
      return table(s.rollouts(), s.env() + " on " + s.model());
    }
    if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Rollout.class::isInstance)) {
      @SuppressWarnings("unchecked")
      List<Rollout> rollouts = (List<Rollout>) list;
      return table(rollouts, rollouts.get(0).env());
    }
    if (value instanceof Environment env) {
      return EnvironmentSummary.render(env);
    }
    if (value instanceof RewardComparison c) {
      return MimeBundle.of(Map.of("text/html", c.html(), "text/plain", c.text()));
    }
    if (value instanceof BenchmarkMetrics m) {
      return MimeBundle.of(Map.of("text/html", BenchmarkTableHtml.render(m), "text/plain", BenchmarkTableHtml.text(m)));
    }
    return MimeBundle.of(Map.of("text/plain", text(value)));
  }

  /**
   * A histogram of rewards: Vega-Lite where the front end renders it (JupyterLab, Notebook 7, VS Code),
   * a PNG image elsewhere (classic Notebook, untrusted notebooks, GitHub, nbviewer), text bars in a
   * terminal. No HTML: front ends prefer HTML to both, and it would hide the chart.
   */
  public static MimeBundle histogram(List<Rollout> rollouts, String title) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("application/vnd.vegalite.v5+json", Json.write(RewardHistogram.vegaLite(rollouts, title)));
    byte[] png = RewardHistogram.png(rollouts, title);
    if (png != null) {
      data.put("image/png", Base64.getEncoder().encodeToString(png));
    }
    data.put("text/plain", title + "\n" + RewardHistogram.text(rollouts));
    return MimeBundle.of(data);
  }

  /** A table of rollouts in run order (item, then sample), whatever order they came in: a run's, a file's, a rescore's. */
  private static MimeBundle table(List<Rollout> unsorted, String title) {
    List<Rollout> rollouts = unsorted.stream().sorted(RUN_ORDER).toList();
    String html = "<div><b style=\"font-family:sans-serif\">" + Html.esc(title) + "</b>"
        + RolloutTableHtml.render(rollouts, 50) + Html.folded("reward histogram",
        RewardHistogram.image(rollouts, "reward histogram (" + rollouts.size() + " rollouts)")) + "</div>";
    return MimeBundle.of(Map.of("text/html", html, "text/plain", RolloutTableHtml.text(rollouts)));
  }

  private static String text(Object value) {
    if (value instanceof Object[] a) {
      return java.util.Arrays.deepToString(a);
    }
    return String.valueOf(value);
  }
}
