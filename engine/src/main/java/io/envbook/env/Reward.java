package io.envbook.env;

import io.envbook.util.Suggest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import io.envbook.judge.Verdict;
import io.envbook.model.Usage;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A rollout's score: a value (0.0 to 1.0 by convention) and, optionally, the named parts it was
 * built from, each already weighted so that they sum to the value, an explanation, and the verdicts
 * of the LLM judges the reward asked.
 *
 * <p>Values are kept to {@value #SIGNIFICANT_DIGITS} significant digits, so a reward that is
 * mathematically 1 is exactly 1.0: {@code 0.7 + 0.2 + 0.1} in doubles is 0.9999999999999999, and
 * would fail {@code reward == 1} checks, pass@k thresholds and {@code --min-reward 1} filters.
 *
 * <pre>{@code
 * Reward.of(1.0);
 * Reward.weighted(Map.of("correct", 1.0, "format", 0.5), Map.of("correct", 0.8, "format", 0.2)); // 0.9
 * }</pre>
 */
public record Reward(double value, Map<String, Double> parts, String explanation, List<Verdict> verdicts) {
  public static final Reward ZERO = new Reward(0.0, Map.of(), null);

  /** How many significant digits a reward keeps; the noise of double arithmetic lies well below. */
  public static final int SIGNIFICANT_DIGITS = 12;

  public Reward {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("a reward must be a number, got NaN");
    }
    value = round(value, Math.abs(value));
    Map<String, Double> rounded = new LinkedHashMap<>();
    (parts == null ? Map.<String, Double>of() : parts).forEach((k, v) -> rounded.put(k, v == null ? null : round(v, Math.abs(v))));
    parts = Collections.unmodifiableMap(rounded);
    verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
  }

  public Reward(double value, Map<String, Double> parts, String explanation) {
    this(value, parts, explanation, List.of());
  }

  public static Reward of(double value) {
    return new Reward(value, Map.of(), null);
  }

  /**
   * Weighted parts: each raw part score is multiplied by its weight; the value is their sum. Without
   * weights ({@code null} or empty) every part counts 1.0; with weights, every part needs a weight
   * and every weight a part, else {@link IllegalArgumentException} names the odd one out. Part order
   * follows {@code scores}.
   */
  public static Reward weighted(Map<String, ? extends Number> scores, Map<String, ? extends Number> weights) {
    boolean hasWeights = weights != null && !weights.isEmpty();
    if (hasWeights) {
      requireSameNames(scores, weights);
    }
    Map<String, Double> parts = new LinkedHashMap<>();
    double total = 0;
    double scale = 0;
    for (Map.Entry<String, ? extends Number> e : scores.entrySet()) {
      double part = e.getValue().doubleValue() * (hasWeights ? weights.get(e.getKey()).doubleValue() : 1.0);
      parts.put(e.getKey(), part);
      total += part;
      scale = Math.max(scale, Math.abs(part));
    }
    return new Reward(round(total, Math.max(scale, Math.abs(total))), parts, null);
  }

  public Reward withExplanation(String text) {
    return new Reward(value, parts, text, verdicts);
  }

  /** The same reward with the verdicts of the judges that went into it. */
  public Reward withVerdicts(List<Verdict> judged) {
    return new Reward(value, parts, explanation, judged);
  }

  /** The tokens the judges took. */
  public Usage judgeUsage() {
    Usage u = Usage.NONE;
    for (Verdict v : verdicts) {
      u = u.plus(v.usage());
    }
    return u;
  }

  /**
   * {@code value} kept to {@link #SIGNIFICANT_DIGITS} digits of {@code scale}: the sum of parts
   * rounds at the digits of its largest part, so {@code 0.3 - 0.1 - 0.2} is 0, not -2.8e-17.
   */
  private static double round(double value, double scale) {
    if (value == 0 || !Double.isFinite(value) || scale == 0 || !Double.isFinite(scale)) {
      return value;
    }
    int digitsBeforePoint = (int) Math.floor(Math.log10(scale)) + 1;
    double r = new BigDecimal(value).setScale(SIGNIFICANT_DIGITS - digitsBeforePoint, RoundingMode.HALF_EVEN).doubleValue();
    return r == 0 ? 0.0 : r;
  }

  private static void requireSameNames(Map<String, ? extends Number> scores, Map<String, ? extends Number> weights) {
    for (String part : scores.keySet()) {
      if (!weights.containsKey(part)) {
        throw new IllegalArgumentException("reward part `" + part + "` has no weight:"
            + hint(part, weights.keySet(), scores.keySet()) + " Weights are given for " + names(weights.keySet())
            + "; give every part a weight, or give no weights");
      }
    }
    for (String weight : weights.keySet()) {
      if (!scores.containsKey(weight)) {
        throw new IllegalArgumentException("weight `" + weight + "` has no reward part:"
            + hint(weight, scores.keySet(), weights.keySet()) + " The reward gave " + names(scores.keySet())
            + "; give a part for every weight, or drop the weight");
      }
    }
  }

  /** " did you mean `x`?" among the names the other side has and this side lacks. */
  private static String hint(String name, java.util.Set<String> other, java.util.Set<String> same) {
    TreeSet<String> unmatched = new TreeSet<>(other);
    unmatched.removeAll(same);
    return Suggest.didYouMean(name, unmatched);
  }

  private static String names(java.util.Set<String> names) {
    return String.join(", ", new TreeSet<>(names));
  }
}
