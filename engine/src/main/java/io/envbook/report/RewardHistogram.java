package io.envbook.report;

import io.envbook.json.Json;
import io.envbook.rollout.Rollout;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A histogram of rewards: as a Vega-Lite v5 spec (rendered by JupyterLab and Notebook 7) and as a
 * plain HTML fallback with inline bars, for front ends without Vega.
 */
public final class RewardHistogram {
  private static final int BINS = 10;

  private RewardHistogram() {}

  /** The Vega-Lite spec, MIME type {@code application/vnd.vegalite.v5+json}. */
  public static ObjectNode vegaLite(List<Rollout> rollouts, String title) {
    ObjectNode spec = Json.object();
    spec.put("$schema", "https://vega.github.io/schema/vega-lite/v5.json");
    spec.put("title", title);
    spec.put("width", 360).put("height", 160);
    ArrayNode values = spec.putObject("data").putArray("values");
    for (Rollout r : rollouts) {
      values.addObject().put("reward", r.score()).put("item", r.itemId()).put("sample", r.sample());
    }
    spec.put("mark", "bar");
    ObjectNode enc = spec.putObject("encoding");
    ObjectNode x = enc.putObject("x").put("field", "reward").put("type", "quantitative").put("title", "reward");
    x.putObject("bin").put("maxbins", BINS);
    enc.putObject("y").put("aggregate", "count").put("type", "quantitative").put("title", "rollouts");
    return spec;
  }

  /** Counts per bin over [min(0, lowest), max(1, highest)]. */
  static int[] counts(List<Rollout> rollouts, double lo, double hi) {
    int[] bins = new int[BINS];
    for (Rollout r : rollouts) {
      int b = hi == lo ? 0 : (int) Math.floor((r.score() - lo) / (hi - lo) * BINS);
      bins[Math.max(0, Math.min(BINS - 1, b))]++;
    }
    return bins;
  }

  /** The same histogram as HTML: one row per bin with a bar and its count. */
  public static String html(List<Rollout> rollouts) {
    double lo = Math.min(0, rollouts.stream().mapToDouble(Rollout::score).min().orElse(0));
    double hi = Math.max(1, rollouts.stream().mapToDouble(Rollout::score).max().orElse(1));
    int[] bins = counts(rollouts, lo, hi);
    int most = 1;
    for (int c : bins) {
      most = Math.max(most, c);
    }
    StringBuilder sb = new StringBuilder("<table style=\"border-collapse:collapse;font-size:12px\">");
    double width = (hi - lo) / BINS;
    for (int i = 0; i < BINS; i++) {
      double from = lo + i * width;
      sb.append("<tr><td style=\"padding:0 6px;text-align:right\">").append(Html.num(from)).append("–")
          .append(Html.num(from + width)).append("</td><td style=\"padding:0\"><div style=\"background:#4c78a8;height:12px;width:")
          .append(bins[i] * 240 / most).append("px\"></div></td><td style=\"padding:0 6px\">").append(bins[i]).append("</td></tr>");
    }
    return sb.append("</table>").toString();
  }
}
