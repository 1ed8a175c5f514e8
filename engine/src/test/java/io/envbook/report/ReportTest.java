package io.envbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.TestRollouts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  private final List<Rollout> rollouts = List.of(
      TestRollouts.rollout(0, 0, 1.0, null), TestRollouts.rollout(0, 1, 0.5, null), TestRollouts.rollout(1, 0, 0.0, "model failed: 500"));

  @Test
  void transcriptShowsRewardPartsAndFoldsEachToolCallWithItsResult() {
    String html = TranscriptHtml.render(rollouts.get(1));

    assertThat(html).contains("<b>reward 0.5</b> = correct 0.5");
    assertThat(html).contains("<details style=\"margin:2px 0 2px 12px\"><summary style=\"cursor:pointer;list-style:none\">▸ tool call "
        + "<code>add({&quot;a&quot;:2})</code></summary>");
    assertThat(html).contains("<b>result</b><pre style=\"white-space:pre-wrap;background:#fffbe6\">5</pre>");
    assertThat(html).contains("▸ <i>reasoning</i></summary>");
  }

  @Test
  void withoutItsStylesATranscriptStillBoxesEachMessageUnderItsRole() {
    String unstyled = TranscriptHtml.render(rollouts.get(1)).replaceAll(" style=\"[^\"]*\"", "");

    assertThat(unstyled).contains("<fieldset><legend>user</legend><pre>").contains("<fieldset><legend>assistant</legend>");
    assertThat(unstyled).contains("<summary>▸ tool call <code>add(");
  }

  @Test
  void rewardColoursAreHexAndAlsoBgcolorSoSanitizersKeepThem() {
    assertThat(Html.rewardColour(0)).isEqualTo("#f6cbcb");
    assertThat(Html.rewardColour(1)).isEqualTo("#cbf6cb");
    assertThat(RolloutTableHtml.render(rollouts, 50)).contains("<td bgcolor=\"#cbf6cb\" style=\"padding:2px 8px;border-bottom:1px solid "
        + "#eee;background:#cbf6cb\"><b>1</b></td>");
  }

  @Test
  void theHistogramIsAlsoAPngImage() throws Exception {
    byte[] png = RewardHistogram.png(rollouts, "rewards");

    var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(420);
    assertThat(image.getHeight()).isEqualTo(220);
    assertThat(RewardHistogram.image(rollouts, "rewards")).startsWith("<img alt=\"rewards\" width=\"420\" height=\"220\" "
        + "src=\"data:image/png;base64,iVBORw0KGgo");
    assertThat(RewardHistogram.text(rollouts)).contains("    0–0.1 ██████████████████████████████ 1");
  }

  @Test
  void aComparisonPutsChangedRowsFirstAndCountsThem() {
    List<Rollout> after = List.of(rollouts.get(2).withReward(io.envbook.env.Reward.of(1), null), rollouts.get(0),
        rollouts.get(1).withReward(io.envbook.env.Reward.of(0.25), null));

    RewardComparison c = RewardComparison.of(rollouts, after);

    assertThat(c.rows()).extracting(r -> r.before().sample() + "/" + r.before().itemIndex()).containsExactly("0/1", "1/0", "0/0");
    assertThat(c.summary()).isEqualTo("3 rollouts: 2 changed (1 up, 1 down), 1 the same; mean 0.5 → 0.75");
    assertThat(c.html()).contains("<b>+1</b>").contains("<b>-0.25</b>").contains(">same</td>").contains("<thead><tr>");
    assertThat(RewardComparison.of(rollouts, after.subList(0, 2)).summary()).endsWith("; 1 only in the first, 0 only in the second");
  }

  @Test
  void transcriptEscapesWhatTheModelWrote() {
    Rollout r = TestRollouts.rollout(0, 0, 1, null);
    Rollout evil = new Rollout(r.env(), r.model(), 0, "<script>", 0, r.item(),
        List.of(io.envbook.model.Message.assistant("<img src=x onerror=alert(1)>")), r.reward(), 1, r.stopReason(),
        List.of(), r.usage(), r.startedAt(), 1, 1, null);

    String html = TranscriptHtml.render(evil);

    assertThat(html).doesNotContain("<script>").doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void failedRolloutsAreMarked() {
    assertThat(TranscriptHtml.render(rollouts.get(2))).contains("<b style=\"color:#b00\">failed:</b> model failed: 500");
    assertThat(RolloutTableHtml.render(rollouts, 50)).contains("<b style=\"color:#b00\">1 failed</b>");
  }

  @Test
  void tableStatesTheRewardStatistics() {
    String html = RolloutTableHtml.render(rollouts, 2);

    assertThat(html).contains("<b>3 rollouts</b> · mean reward <b>0.5</b> ± 0.375 (s.e. over 2 items) · min 0 · max 1 · reward 1: 33%");
    assertThat(html).contains("1 more rows not shown");
  }

  @Test
  void histogramCountsEachRewardInItsBin() {
    int[] bins = RewardHistogram.counts(rollouts, 0, 1);

    assertThat(bins).containsExactly(1, 0, 0, 0, 0, 1, 0, 0, 0, 1);
  }

  @Test
  void vegaLiteSpecBinsTheRewardField() {
    var spec = RewardHistogram.vegaLite(rollouts, "rewards");

    assertThat(spec.get("data").get("values")).hasSize(3);
    assertThat(Json.write(spec.get("encoding").get("x"))).isEqualTo(
        "{\"field\":\"reward\",\"type\":\"quantitative\",\"title\":\"reward\",\"bin\":{\"maxbins\":10}}");
    assertThat(spec.get("mark").asString()).isEqualTo("bar");
  }

  @Test
  void statsTakeTheStandardErrorOverItemsAsBenchmarksDo() {
    RewardStats s = RewardStats.of(rollouts);

    assertThat(s.mean()).isEqualTo(0.5);
    assertThat(s.items()).isEqualTo(2);
    assertThat(s.stderr()).isCloseTo(0.375, org.assertj.core.data.Offset.offset(1e-12)) // item means 0.75 and 0
        .isEqualTo(io.envbook.eval.BenchmarkMetrics.of(rollouts, List.of(1), 1.0, r -> null).stderr());
    assertThat(s.failed()).isEqualTo(1);
  }

  @Test
  void reportPageHoldsEveryGroupWithItsAdvantages() {
    var groups = List.of(new io.envbook.rollout.RolloutGroup(0, "item-0", rollouts.subList(0, 2)));

    String page = HtmlReport.render("run <1>", groups);

    assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>run &lt;1&gt;</title>");
    assertThat(page).contains("<b>Group 0</b> · item <code>item-0</code>").contains(" · advantages 1 -1 ");
    assertThat(page.split("<b>reward ", -1)).hasSize(3);
  }

  @Test
  void benchmarkTableHasAHeaderAndTheRunsStandardError() {
    var m = io.envbook.eval.BenchmarkMetrics.of(rollouts, List.of(1, 2), 0.8, r -> r.itemIndex() == 0 ? "first" : "second");

    String html = BenchmarkTableHtml.render(m);

    assertThat(html).contains("<thead><tr>").contains(">mean reward</th>").contains(">± s.e.</th>").contains(">pass@2</th>");
    assertThat(html).contains(">± " + Html.num(RewardStats.of(rollouts).stderr()) + "</td>").contains(">second</td>");
    assertThat(BenchmarkTableHtml.text(m).lines().findFirst().orElseThrow()).startsWith("            items       samples");
  }
}
