package io.envbook.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardRangeTest {
  @Test
  void theUnitRangeTakesZeroToOneAndNamesAnyOtherValue() {
    assertThat(RewardRange.UNIT.problem(Reward.of(0))).isNull();
    assertThat(RewardRange.UNIT.problem(Reward.of(1))).isNull();
    assertThat(RewardRange.UNIT.problem(Reward.of(Double.POSITIVE_INFINITY))).isEqualTo("the reward is Infinity, not a finite number");
    assertThat(RewardRange.UNIT.problem(Reward.of(1e308))).isEqualTo("the reward is 1.0E308, outside 0.0 to 1.0");
    assertThat(RewardRange.UNIT.problem(Reward.of(-5))).isEqualTo("the reward is -5.0, outside 0.0 to 1.0");
  }

  @Test
  void weightedPartsMayAddUpToABoundWithRoundingAndMustEachBeFinite() {
    Reward sum = Reward.weighted(Map.of("a", 1, "b", 1, "c", 1), Map.of("a", 0.1, "b", 0.2, "c", 0.7));

    assertThat(RewardRange.UNIT.problem(sum)).isNull();
    assertThat(RewardRange.UNIT.problem(Reward.weighted(Map.of("a", Double.NEGATIVE_INFINITY), Map.of())))
        .isEqualTo("reward part `a` is -Infinity, not a finite number");
  }

  @Test
  void aDeclaredRangeReplacesTheUnitRange() {
    RewardRange signed = new RewardRange(-1, 1);

    assertThat(signed.problem(Reward.of(-0.5))).isNull();
    assertThat(signed.problem(Reward.of(1.5))).isEqualTo("the reward is 1.5, outside -1.0 to 1.0");
    assertThatThrownBy(() -> new RewardRange(1, -1))
        .hasMessage("a reward range needs two finite bounds, the lower one first, got 1.0 to -1.0");
  }
}
