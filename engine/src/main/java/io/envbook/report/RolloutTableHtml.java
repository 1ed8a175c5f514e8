package io.envbook.report;

import static io.envbook.report.Html.cut;
import static io.envbook.report.Html.esc;
import static io.envbook.report.Html.num;

import io.envbook.rollout.Rollout;
import java.util.List;
import java.util.Locale;

/**
 * Renders a set of rollouts as a table (item, sample, reward and parts, turns, stop reason, tool
 * errors, the final answer) under a line of reward statistics. Readable where a notebook's sanitizer
 * strips every style (an untrusted notebook in classic Jupyter): a plain table, reward colours also as
 * {@code bgcolor}.
 */
public final class RolloutTableHtml {
  static final String TD = "<td style=\"padding:2px 8px;border-bottom:1px solid #eee;text-align:left\">";
  static final String TH = "<th style=\"padding:2px 8px;border-bottom:2px solid #ccc;text-align:left\">";

  private RolloutTableHtml() {}

  public static String render(List<Rollout> rollouts, int maxRows) {
    StringBuilder sb = new StringBuilder("<div style=\"font-family:sans-serif;font-size:13px\">").append(statsLine(rollouts));
    sb.append("<table style=\"border-collapse:collapse\"><thead><tr>");
    for (String h : new String[] {"item", "sample", "reward", "parts", "turns", "tokens", "stop", "tool errors", "final answer"}) {
      sb.append(TH).append(h).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    int shown = 0;
    for (Rollout r : rollouts) {
      if (shown++ == maxRows) {
        break;
      }
      sb.append("<tr>").append(TD).append("<code>").append(esc(r.itemId())).append("</code></td>")
          .append(TD).append(r.sample()).append("</td>")
          .append(rewardCell(r.score()))
          .append(TD).append(esc(parts(r))).append("</td>")
          .append(TD).append(r.turns()).append("</td>")
          .append(TD).append(r.usage().plus(r.reward().judgeUsage()).total()).append("</td>")
          .append(TD).append(r.ok() ? stop(r) : "<b style=\"color:#b00\">failed</b>: " + esc(cut(r.error(), 80))).append("</td>")
          .append(TD).append(r.toolErrors().size()).append("</td>")
          .append(TD).append(esc(cut(r.finalText(), 80))).append("</td></tr>");
    }
    sb.append("</tbody></table>");
    if (rollouts.size() > maxRows) {
      sb.append("<p style=\"color:#777\">").append(rollouts.size() - maxRows).append(" more rows not shown</p>");
    }
    return sb.append("</div>").toString();
  }

  /** A table cell with a reward on its colour. */
  static String rewardCell(double reward) {
    String colour = Html.rewardColour(reward);
    return "<td bgcolor=\"" + colour + "\" style=\"padding:2px 8px;border-bottom:1px solid #eee;background:" + colour + "\"><b>"
        + num(reward) + "</b></td>";
  }

  /** One paragraph of reward statistics: count, mean ± standard error, min, max, share at 1, failures. */
  public static String statsLine(List<Rollout> rollouts) {
    RewardStats s = RewardStats.of(rollouts);
    return "<p><b>" + s.count() + " rollouts</b> · mean reward <b>" + num(s.mean()) + "</b> ± " + num(s.stderr())
        + " (s.e. over " + s.items() + " item" + (s.items() == 1 ? "" : "s") + ") · min " + num(s.min()) + " · max " + num(s.max()) + " · reward 1: "
        + String.format(Locale.ROOT, "%.0f%%", s.fullMarks() * 100)
        + (s.failed() > 0 ? " · <b style=\"color:#b00\">" + s.failed() + " failed</b>" : "") + tokens(rollouts) + "</p>";
  }

  /** " · tokens: agent N, judge M", or "" when no call reported any. */
  static String tokens(List<Rollout> rollouts) {
    io.envbook.rollout.TokenTotals t = io.envbook.rollout.TokenTotals.of(rollouts);
    if (t.all().total() == 0) {
      return "";
    }
    return " · tokens: agent " + String.format(Locale.ROOT, "%,d", t.agent().total())
        + (t.judge().total() > 0 ? ", judge " + String.format(Locale.ROOT, "%,d", t.judge().total()) : "");
  }

  private static String stop(Rollout r) {
    return r.stopReason() == null ? "" : r.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String parts(Rollout r) {
    StringBuilder sb = new StringBuilder();
    r.reward().parts().forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(num(v)));
    return sb.toString();
  }

  /** A plain-text version: one line per rollout. */
  public static String text(List<Rollout> rollouts) {
    RewardStats s = RewardStats.of(rollouts);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d rollout%s, mean reward %s ± %s, %d failed%s%n",
        s.count(), s.count() == 1 ? "" : "s", num(s.mean()), num(s.stderr()), s.failed(), tokens(rollouts).replace(" · ", "; ")));
    for (Rollout r : rollouts) {
      sb.append(String.format(Locale.ROOT, "  %-16s #%d  reward %-6s turns %d%s%n", cut(r.itemId(), 16), r.sample(),
          num(r.score()), r.turns(), r.ok() ? "" : "  failed: " + r.error()));
    }
    return sb.toString();
  }
}
