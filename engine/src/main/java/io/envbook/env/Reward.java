package io.envbook.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rollout's score: a value (0.0 to 1.0 by convention) and, optionally, the named parts it was
 * built from, each already weighted so that they sum to the value.
 *
 * <pre>{@code
 * Reward.of(1.0);
 * Reward.weighted(Map.of("correct", 1.0, "format", 0.5), Map.of("correct", 0.8, "format", 0.2)); // 0.9
 * }</pre>
 */
public record Reward(double value, Map<String, Double> parts, String explanation) {
  public static final Reward ZERO = new Reward(0.0, Map.of(), null);

  public Reward {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("a reward must be a number, got NaN");
    }
    parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts == null ? Map.of() : parts));
  }

  public static Reward of(double value) {
    return new Reward(value, Map.of(), null);
  }

  /**
   * Weighted parts: each raw part score is multiplied by its weight (1.0 when no weight is given);
   * the value is their sum. Part order follows {@code scores}.
   */
  public static Reward weighted(Map<String, ? extends Number> scores, Map<String, ? extends Number> weights) {
    Map<String, Double> parts = new LinkedHashMap<>();
    double total = 0;
    for (Map.Entry<String, ? extends Number> e : scores.entrySet()) {
      Number w = weights == null ? null : weights.get(e.getKey());
      double part = e.getValue().doubleValue() * (w == null ? 1.0 : w.doubleValue());
      parts.put(e.getKey(), part);
      total += part;
    }
    return new Reward(total, parts, null);
  }

  public Reward withExplanation(String text) {
    return new Reward(value, parts, text);
  }
}
