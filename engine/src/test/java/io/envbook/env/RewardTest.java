package io.envbook.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardTest {
  private static Map<String, Number> ordered(Object... kv) {
    Map<String, Number> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Number) kv[i + 1]);
    }
    return m;
  }

  @Test
  void weightedPartsThatAddUpToOneAreExactlyOne() {
    assertThat(0.7 + 0.2 + 0.1).as("the double sum itself").isNotEqualTo(1.0);

    Reward r = Reward.weighted(ordered("a", 1, "b", 1, "c", 1), ordered("a", 0.7, "b", 0.2, "c", 0.1));

    assertThat(r.value()).isEqualTo(1.0);
  }

  @Test
  void aPlainValueWithDoubleNoiseIsKeptToTwelveDigits() {
    assertThat(Reward.of(0.1 + 0.2).value()).isEqualTo(0.3);
    assertThat(Reward.of(0.9999999999999999).value()).isEqualTo(1.0);
    assertThat(Reward.of(2.0 / 3).value()).isEqualTo(0.666666666667);
  }

  @Test
  void smallRewardsKeepTheirDigitsButPartsThatCancelSumToZero() {
    assertThat(Reward.of(1.234e-15).value()).isEqualTo(1.234e-15);
    assertThat(Reward.weighted(ordered("a", 0.3, "b", -0.1, "c", -0.2), null).value()).isEqualTo(0.0);
  }

  @Test
  void weightedPartsAreKeptToTwelveDigitsToo() {
    Reward r = Reward.weighted(ordered("a", 3), ordered("a", 0.1));

    assertThat(0.1 * 3).isNotEqualTo(0.3);
    assertThat(r.parts()).containsEntry("a", 0.3);
  }

  @Test
  void withoutWeightsEveryPartCountsOne() {
    assertThat(Reward.weighted(ordered("a", 0.5, "b", 0.25), Map.of()).value()).isEqualTo(0.75);
  }

  @Test
  void aPartWithoutAWeightIsNamedWithTheClosestUnusedWeight() {
    assertThatThrownBy(() -> Reward.weighted(ordered("a", 1, "c", 1), ordered("a", 0.5, "b", 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reward part `c` has no weight: did you mean `b`? Weights are given for a, b; "
            + "give every part a weight, or give no weights");
  }

  @Test
  void aWeightWithoutAPartIsNamed() {
    assertThatThrownBy(() -> Reward.weighted(ordered("correct", 1), ordered("correct", 0.8, "format", 0.2)))
        .hasMessage("weight `format` has no reward part: The reward gave correct; give a part for every weight, or drop the weight");
  }
}
