package io.envbook.report;

import io.envbook.json.Json;
import io.envbook.rollout.Rollout;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A histogram of rewards: as a Vega-Lite v5 spec (rendered by JupyterLab and Notebook 7), as a PNG
 * image (drawn by JFreeChart; shown by every viewer, untrusted notebooks, GitHub and nbviewer too) and
 * as plain HTML with inline bars.
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

  /**
   * The histogram as a PNG image, {@code null} when this JVM cannot draw (no fonts installed: Debian's
   * {@code fontconfig} and {@code fonts-dejavu-core} provide them).
   */
  public static byte[] png(List<Rollout> rollouts, String title) {
    double lo = Math.min(0, rollouts.stream().mapToDouble(Rollout::score).min().orElse(0));
    double hi = Math.max(1, rollouts.stream().mapToDouble(Rollout::score).max().orElse(1));
    try {
      org.jfree.data.statistics.HistogramDataset data = new org.jfree.data.statistics.HistogramDataset();
      data.addSeries("rewards", rollouts.stream().mapToDouble(Rollout::score).toArray(), BINS, lo, hi);
      org.jfree.chart.JFreeChart chart = org.jfree.chart.ChartFactory.createHistogram(title, "reward", "rollouts", data,
          org.jfree.chart.plot.PlotOrientation.VERTICAL, false, false, false);
      org.jfree.chart.plot.XYPlot plot = chart.getXYPlot();
      plot.setBackgroundPaint(java.awt.Color.WHITE);
      plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
      plot.getRangeAxis().setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
      plot.getDomainAxis().setRange(lo, hi);
      org.jfree.chart.renderer.xy.XYBarRenderer bars = (org.jfree.chart.renderer.xy.XYBarRenderer) plot.getRenderer();
      bars.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
      bars.setShadowVisible(false);
      bars.setSeriesPaint(0, new java.awt.Color(0x4c78a8));
      bars.setMargin(0.05);
      chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(14f));
      chart.setBackgroundPaint(java.awt.Color.WHITE);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      org.jfree.chart.ChartUtils.writeChartAsPNG(out, chart, 420, 220);
      return out.toByteArray();
    } catch (java.io.IOException | RuntimeException | LinkageError | InternalError e) { // no fonts, or no AWT at all
      return null;
    }
  }

  /** An {@code <img>} of the PNG histogram, or the HTML bars when it cannot be drawn. */
  public static String image(List<Rollout> rollouts, String title) {
    byte[] png = png(rollouts, title);
    if (png == null) {
      return html(rollouts);
    }
    return "<img alt=\"" + Html.esc(title) + "\" width=\"420\" height=\"220\" src=\"data:image/png;base64,"
        + java.util.Base64.getEncoder().encodeToString(png) + "\">";
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
    StringBuilder sb = new StringBuilder("<table style=\"border-collapse:collapse;font-size:12px\">");
    bins(rollouts, (range, count, most) -> sb.append("<tr><td style=\"padding:0 6px;text-align:right\">").append(range)
        .append("</td><td style=\"padding:0\"><div style=\"background:#4c78a8;height:12px;width:").append(count * 240 / most)
        .append("px\"></div></td><td style=\"padding:0 6px\">").append(count).append("</td></tr>"));
    return sb.append("</table>").toString();
  }

  /** The same histogram as text, for front ends that show only text: one line per bin, a bar of blocks. */
  public static String text(List<Rollout> rollouts) {
    StringBuilder sb = new StringBuilder();
    bins(rollouts, (range, count, most) -> sb.append(String.format(java.util.Locale.ROOT, "%11s %-30s %d%n", range,
        "█".repeat(count * 30 / most), count)));
    return sb.toString();
  }

  private interface Bin {
    void add(String range, int count, int most);
  }

  private static void bins(List<Rollout> rollouts, Bin bin) {
    double lo = Math.min(0, rollouts.stream().mapToDouble(Rollout::score).min().orElse(0));
    double hi = Math.max(1, rollouts.stream().mapToDouble(Rollout::score).max().orElse(1));
    int[] counts = counts(rollouts, lo, hi);
    int most = Math.max(1, java.util.Arrays.stream(counts).max().orElse(1));
    double width = (hi - lo) / BINS;
    for (int i = 0; i < BINS; i++) {
      double from = lo + i * width;
      bin.add(Html.num(from) + "–" + Html.num(from + width), counts[i], most);
    }
  }
}
