package io.envbook.report;

import static io.envbook.report.Html.esc;
import static io.envbook.report.Html.num;

import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A self-contained HTML page of a run, readable offline: reward statistics and histogram, then one
 * collapsible section per group with its rewards and advantages and each rollout's transcript.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(String title, List<RolloutGroup> groups) {
    List<Rollout> all = groups.stream().flatMap(g -> g.rollouts().stream()).toList();
    StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title></head><body style=\"font-family:sans-serif;margin:20px\"><h1 style=\"font-size:20px\">")
        .append(esc(title)).append("</h1>");
    sb.append(RolloutTableHtml.statsLine(all));
    sb.append("<h2 style=\"font-size:16px\">Reward histogram</h2>").append(RewardHistogram.html(all));
    sb.append("<h2 style=\"font-size:16px\">Groups</h2>");
    for (RolloutGroup g : groups) {
      List<Double> adv = g.advantages();
      sb.append("<details style=\"margin:6px 0\"><summary><b>Group ").append(g.itemIndex()).append("</b> · item <code>")
          .append(esc(g.itemId())).append("</code> · rewards ");
      for (int i = 0; i < g.rollouts().size(); i++) {
        Rollout r = g.rollouts().get(i);
        sb.append("<span style=\"padding:0 4px;background:").append(Html.rewardColour(r.score())).append("\">")
            .append(num(r.score())).append("</span> ");
      }
      sb.append(" · advantages ");
      adv.forEach(a -> sb.append(num(a)).append(' '));
      sb.append("</summary>");
      g.rollouts().forEach(r -> sb.append(TranscriptHtml.render(r)));
      sb.append("</details>");
    }
    return sb.append("</body></html>").toString();
  }

  public static void write(String title, List<RolloutGroup> groups, Path out) throws IOException {
    io.envbook.util.FilePaths.createParents(out);
    Files.writeString(out, render(title, groups), StandardCharsets.UTF_8);
  }
}
