package io.envbook.report;

import static io.envbook.report.Html.esc;
import static io.envbook.report.Html.num;

import io.envbook.eval.BenchmarkMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark metrics as a table with a header: one row for all items, then one per category, with
 * items, samples, mean reward, its standard error (the same ± a run's table shows), pass@k and failures.
 */
public final class BenchmarkTableHtml {
  private static final String CELL = "<td style=\"padding:2px 8px;text-align:right\">";
  private static final String HEAD = "<th style=\"padding:2px 8px;border-bottom:2px solid #ccc;text-align:right\">";

  private BenchmarkTableHtml() {}

  public static String render(BenchmarkMetrics m) {
    StringBuilder sb = new StringBuilder("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:13px\"><thead><tr>");
    header(m).forEach(h -> sb.append(HEAD).append(esc(h)).append("</th>"));
    sb.append("</tr></thead><tbody>");
    rows(m).forEach(row -> {
      sb.append("<tr>");
      row.forEach(cell -> sb.append(CELL).append(esc(cell)).append("</td>"));
      sb.append("</tr>");
    });
    return sb.append("</tbody></table>").toString();
  }

  /** The same table as aligned text. */
  public static String text(BenchmarkMetrics m) {
    StringBuilder sb = new StringBuilder();
    List<List<String>> all = new ArrayList<>();
    all.add(header(m));
    all.addAll(rows(m));
    for (List<String> row : all) {
      for (String cell : row) {
        sb.append(String.format(Locale.ROOT, "%-12s", cell));
      }
      sb.append('\n');
    }
    return sb.toString().stripTrailing();
  }

  private static List<String> header(BenchmarkMetrics m) {
    List<String> h = new ArrayList<>(List.of("", "items", "samples", "mean reward", "± s.e."));
    m.passAtK().keySet().forEach(k -> h.add("pass@" + k));
    h.add("failed");
    return h;
  }

  private static List<List<String>> rows(BenchmarkMetrics m) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("all", m, m));
    for (Map.Entry<String, BenchmarkMetrics> c : m.categories().entrySet()) {
      rows.add(row(c.getKey(), c.getValue(), m));
    }
    return rows;
  }

  private static List<String> row(String name, BenchmarkMetrics x, BenchmarkMetrics columns) {
    List<String> r = new ArrayList<>(List.of(name, String.valueOf(x.items()), String.valueOf(x.samples()), num(x.meanReward()),
        "± " + num(x.stderr())));
    columns.passAtK().keySet().forEach(k -> r.add(x.passAtK().containsKey(k) ? num(x.passAtK().get(k)) : "–"));
    r.add(String.valueOf(x.failed()));
    return r;
  }
}
