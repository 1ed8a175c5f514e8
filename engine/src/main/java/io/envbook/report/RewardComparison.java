package io.envbook.report;

import static io.envbook.report.Html.cut;
import static io.envbook.report.Html.esc;
import static io.envbook.report.Html.num;

import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two reward versions side by side: the same rollouts scored before and after a change to the reward,
 * matched by item and sample. Rows whose reward changed come first (biggest change first), then the
 * rest in run order; the counts say how many went up, down, or stayed.
 *
 * <pre>{@code
 * RewardComparison c = RewardComparison.of(saved, Rescorer.rescore(fixed, saved, sandboxes));
 * c.changed();   // how many rollouts got another reward
 * }</pre>
 *
 * @param rows one per rollout found in both versions, changed first
 * @param onlyBefore rollouts of the first version missing from the second
 * @param onlyAfter rollouts of the second version missing from the first
 */
public record RewardComparison(List<Row> rows, int onlyBefore, int onlyAfter) {
  private static final double SAME = 1e-9;

  /** One rollout under both rewards. */
  public record Row(Rollout before, Rollout after) {
    public double delta() {
      return after.score() - before.score();
    }

    public boolean changed() {
      return Math.abs(delta()) > SAME;
    }
  }

  public RewardComparison {
    rows = List.copyOf(rows);
  }

  public static RewardComparison of(List<Rollout> before, List<Rollout> after) {
    Map<RolloutKey, Rollout> later = new LinkedHashMap<>();
    after.forEach(r -> later.put(r.key(), r));
    List<Row> rows = new ArrayList<>();
    int onlyBefore = 0;
    for (Rollout b : before) {
      Rollout a = later.remove(b.key());
      if (a == null) {
        onlyBefore++;
      } else {
        rows.add(new Row(b, a));
      }
    }
    Comparator<Row> runOrder = Comparator.comparingInt((Row r) -> r.before().itemIndex()).thenComparing(r -> r.before().itemId())
        .thenComparingInt(r -> r.before().sample());
    rows.sort(Comparator.comparing((Row r) -> !r.changed()).thenComparing(r -> -Math.abs(r.delta())).thenComparing(runOrder));
    return new RewardComparison(rows, onlyBefore, later.size());
  }

  public int changed() {
    return (int) rows.stream().filter(Row::changed).count();
  }

  public int up() {
    return (int) rows.stream().filter(r -> r.changed() && r.delta() > 0).count();
  }

  public int down() {
    return (int) rows.stream().filter(r -> r.changed() && r.delta() < 0).count();
  }

  /** The counts as one line, e.g. "6 rollouts: 4 changed (4 up, 0 down), 2 the same; mean 0.25 → 0.917". */
  public String summary() {
    double meanBefore = rows.stream().mapToDouble(r -> r.before().score()).average().orElse(0);
    double meanAfter = rows.stream().mapToDouble(r -> r.after().score()).average().orElse(0);
    String s = String.format(Locale.ROOT, "%d rollouts: %d changed (%d up, %d down), %d the same; mean %s → %s", rows.size(), changed(),
        up(), down(), rows.size() - changed(), num(meanBefore), num(meanAfter));
    if (onlyBefore > 0 || onlyAfter > 0) {
      s += String.format(Locale.ROOT, "; %d only in the first, %d only in the second", onlyBefore, onlyAfter);
    }
    return s;
  }

  /** A table: item, sample, old reward, new reward, change, the final answer; reward cells coloured. */
  public String html() {
    StringBuilder sb = new StringBuilder("<div style=\"font-family:sans-serif;font-size:13px\"><p><b>")
        .append(esc(summary())).append("</b></p><table style=\"border-collapse:collapse\"><thead><tr>");
    for (String h : new String[] {"item", "sample", "old", "new", "change", "final answer"}) {
      sb.append(RolloutTableHtml.TH).append(h).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    for (Row r : rows) {
      sb.append("<tr>").append(RolloutTableHtml.TD).append("<code>").append(esc(r.before().itemId())).append("</code></td>")
          .append(RolloutTableHtml.TD).append(r.before().sample()).append("</td>")
          .append(RolloutTableHtml.rewardCell(r.before().score())).append(RolloutTableHtml.rewardCell(r.after().score()))
          .append(RolloutTableHtml.TD).append(r.changed() ? "<b>" + (r.delta() > 0 ? "+" : "") + num(r.delta()) + "</b>" : "same")
          .append("</td>").append(RolloutTableHtml.TD).append(esc(cut(r.after().finalText(), 80))).append("</td></tr>");
    }
    return sb.append("</tbody></table></div>").toString();
  }

  /** The same as text, one line per rollout. */
  public String text() {
    StringBuilder sb = new StringBuilder(summary()).append('\n');
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "  %-16s #%d  %-6s -> %-6s %s%n", cut(r.before().itemId(), 16), r.before().sample(),
          num(r.before().score()), num(r.after().score()), r.changed() ? "changed" : "same"));
    }
    return sb.toString();
  }
}
