package io.envbook.kernel.display;

import io.envbook.env.Environment;
import io.envbook.json.Json;
import io.envbook.report.RewardHistogram;
import io.envbook.report.RolloutTableHtml;
import io.envbook.report.TranscriptHtml;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RunSummary;
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
    return MimeBundle.of(Map.of("text/plain", text(value)));
  }

  /** A histogram of rewards: Vega-Lite where the front end renders it, HTML bars elsewhere. */
  public static MimeBundle histogram(List<Rollout> rollouts, String title) {
    return MimeBundle.of(Map.of(
        "application/vnd.vegalite.v5+json", Json.write(RewardHistogram.vegaLite(rollouts, title)),
        "text/html", "<div style=\"font-family:sans-serif;font-size:13px\"><b>" + io.envbook.report.Html.esc(title) + "</b>"
            + RewardHistogram.html(rollouts) + "</div>",
        "text/plain", title + ": " + rollouts.size() + " rewards"));
  }

  private static MimeBundle table(List<Rollout> rollouts, String title) {
    String html = "<div><b style=\"font-family:sans-serif\">" + io.envbook.report.Html.esc(title) + "</b>"
        + RolloutTableHtml.render(rollouts, 50) + "<details><summary style=\"font-family:sans-serif;font-size:13px\">reward histogram</summary>"
        + RewardHistogram.html(rollouts) + "</details></div>";
    return MimeBundle.of(Map.of("text/html", html, "text/plain", RolloutTableHtml.text(rollouts)));
  }

  private static String text(Object value) {
    if (value instanceof Object[] a) {
      return java.util.Arrays.deepToString(a);
    }
    return String.valueOf(value);
  }
}
