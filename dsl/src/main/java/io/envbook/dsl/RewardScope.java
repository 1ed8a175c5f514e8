package io.envbook.dsl;

import io.envbook.env.Reward;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a reward closure can call besides its parameters: {@code parts(correct: 1.0, format: 0.5)}
 * builds a reward from named parts, weighted by the environment's {@code weights}.
 */
public final class RewardScope {
  private final Map<String, Double> weights;

  RewardScope(Map<String, Double> weights) {
    this.weights = weights;
  }

  public Reward parts(Map<String, ?> scores) {
    Map<String, Number> numbers = new LinkedHashMap<>();
    scores.forEach((k, v) -> numbers.put(k, RewardValues.number(k, v)));
    return Reward.weighted(numbers, weights);
  }
}
