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
    assertThat(html).contains("<details style=\"margin:2px 0 2px 12px\"><summary><code>add({&quot;a&quot;:2})</code>");
    assertThat(html).contains("<pre style=\"white-space:pre-wrap;background:#fffbe6\">5</pre>");
    assertThat(html).contains("<summary style=\"color:#777\">reasoning</summary>");
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

    assertThat(html).contains("<b>3 rollouts</b> · mean reward <b>0.5</b> ± 0.289 (s.e.) · min 0 · max 1 · reward 1: 33%");
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
  void statsUseTheSampleStandardError() {
    RewardStats s = RewardStats.of(rollouts);

    assertThat(s.mean()).isEqualTo(0.5);
    assertThat(s.stderr()).isCloseTo(Math.sqrt(0.25 / 3), org.assertj.core.data.Offset.offset(1e-12));
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
}
