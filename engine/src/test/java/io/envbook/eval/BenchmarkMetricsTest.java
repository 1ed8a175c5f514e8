package io.envbook.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.envbook.env.Reward;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.TestRollouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkMetricsTest {
  @Test
  void passAtKMatchesTheClosedForm() {
    // n=5, c=2, k=2: 1 - C(3,2)/C(5,2) = 1 - 3/10
    assertThat(PassAtK.estimate(5, 2, 2)).isCloseTo(0.7, within(1e-12));
    assertThat(PassAtK.estimate(5, 0, 3)).isEqualTo(0.0);
    assertThat(PassAtK.estimate(5, 4, 2)).isEqualTo(1.0);
    assertThat(PassAtK.estimate(10, 3, 1)).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void passAtKRefusesAKLargerThanTheSamples() {
    assertThatThrownBy(() -> PassAtK.estimate(3, 1, 4)).hasMessage("pass@4 needs 1 <= k <= samples per item (3)");
  }

  private static Rollout r(int item, int sample, double reward, String category) {
    Rollout base = TestRollouts.rollout(item, sample, reward, null);
    return new Rollout(base.env(), base.model(), item, "item-" + item, sample, Map.of("category", category), base.messages(),
        Reward.of(reward), base.turns(), base.stopReason(), List.of(), base.usage(), base.startedAt(), 1, 1, null);
  }

  @Test
  void meanIsOverItemsAndPassAtKOverItemsPerCategory() {
    List<Rollout> rs = new ArrayList<>();
    rs.add(r(0, 0, 1, "easy"));
    rs.add(r(0, 1, 1, "easy"));
    rs.add(r(1, 0, 0, "hard"));
    rs.add(r(1, 1, 1, "hard"));
    rs.add(r(2, 0, 0, "hard"));
    rs.add(r(2, 1, 0, "hard"));

    BenchmarkMetrics m = BenchmarkMetrics.of(rs, List.of(1, 2), 1.0, BenchmarkMetrics::categoryField);

    assertThat(m.items()).isEqualTo(3);
    assertThat(m.meanReward()).isCloseTo(0.5, within(1e-12));
    assertThat(m.passAtK().get(1)).isCloseTo(0.5, within(1e-12));
    assertThat(m.passAtK().get(2)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.stderr()).isCloseTo(0.5 / Math.sqrt(3), within(1e-12));
    assertThat(m.categories().keySet()).containsExactly("easy", "hard");
    assertThat(m.categories().get("hard").meanReward()).isCloseTo(0.25, within(1e-12));
    assertThat(m.flat()).containsEntry("eval/pass@1_easy", 1.0).containsKey("eval/pass@2");
  }
}
