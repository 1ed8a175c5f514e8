package io.envbook.dsl;

import io.envbook.env.Reward;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns what a reward closure returned into a {@link Reward}: a number, true/false, parts, or a map of parts. */
final class RewardValues {
  private RewardValues() {}

  static Reward toReward(Object value, Map<String, Double> weights) {
    if (value instanceof Reward r) {
      return r;
    }
    if (value instanceof io.envbook.judge.Verdict v) {
      return Reward.of(v.score()).withExplanation(v.reasoning());
    }
    if (value instanceof Number || value instanceof Boolean) {
      return Reward.of(number("reward", value).doubleValue());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Number> parts = new LinkedHashMap<>();
      map.forEach((k, v) -> parts.put(String.valueOf(k), number(String.valueOf(k), v)));
      return Reward.weighted(parts, weights);
    }
    throw new IllegalArgumentException("the reward returned " + (value == null ? "nothing" : "a " + value.getClass().getSimpleName()
        + " (" + value + ")") + ": return a number, true/false, parts(name: score, ...) or a judge's verdict");
  }

  static Number number(String name, Object v) {
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (v instanceof Number n) {
      return n;
    }
    throw new IllegalArgumentException("reward part `" + name + "` is " + (v == null ? "null" : "a " + v.getClass().getSimpleName())
        + ": give it a number or true/false");
  }
}
