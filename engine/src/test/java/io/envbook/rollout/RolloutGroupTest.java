package io.envbook.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutGroupTest {
  @Test
  void advantagesAreRewardsCentredAndScaledByTheGroupStandardDeviation() {
    List<Double> a = RolloutGroup.advantages(List.of(1.0, 0.5, 0.0));

    double std = Math.sqrt((0.25 + 0 + 0.25) / 3);
    assertThat(a.get(0)).isCloseTo(0.5 / std, within(1e-12));
    assertThat(a.get(1)).isCloseTo(0.0, within(1e-12));
    assertThat(a.get(2)).isCloseTo(-0.5 / std, within(1e-12));
  }

  @Test
  void aGroupWhoseRewardsAreAllEqualHasZeroAdvantages() {
    assertThat(RolloutGroup.advantages(List.of(0.7, 0.7, 0.7))).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void rolloutsAreOrderedBySample() {
    RolloutGroup g = new RolloutGroup(0, "item-0",
        List.of(TestRollouts.rollout(0, 2, 0, null), TestRollouts.rollout(0, 0, 1, null), TestRollouts.rollout(0, 1, 0.5, null)));

    assertThat(g.rollouts()).extracting(Rollout::sample).containsExactly(0, 1, 2);
    assertThat(g.scores()).containsExactly(1.0, 0.5, 0.0);
    assertThat(g.meanScore()).isEqualTo(0.5);
    assertThat(g.scoresAllSame()).isFalse();
  }
}
