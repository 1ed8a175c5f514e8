package io.envbook.env;

import java.util.Locale;
import java.util.Map;

/**
 * The values an environment's rewards may take: 0.0 to 1.0 unless it declares another range. A
 * reward outside its range, or one that is not a finite number, fails the rollout instead of being
 * averaged into the run (a single {@code Infinity} would make every mean meaningless).
 *
 * <pre>{@code
 * RewardRange.UNIT.problem(Reward.of(1.5));          // "the reward is 1.5, outside 0.0 to 1.0"
 * new RewardRange(-1, 1).problem(Reward.of(-0.5));   // null: accepted
 * }</pre>
 */
public record RewardRange(double min, double max) {
  public static final RewardRange UNIT = new RewardRange(0, 1);
  /** Slack for sums of weighted parts that should add up to a bound exactly (0.1 + 0.2 + 0.7). */
  private static final double SLACK = 1e-9;

  public RewardRange {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min >= max) {
      throw new IllegalArgumentException("a reward range needs two finite bounds, the lower one first, got " + text(min) + " to " + text(max));
    }
  }

  /** Why {@code reward} is not acceptable (one clause naming the value), or {@code null} when it is. */
  public String problem(Reward reward) {
    for (Map.Entry<String, Double> part : reward.parts().entrySet()) {
      if (!Double.isFinite(part.getValue())) {
        return "reward part `" + part.getKey() + "` is " + text(part.getValue()) + ", not a finite number";
      }
    }
    double v = reward.value();
    if (!Double.isFinite(v)) {
      return "the reward is " + text(v) + ", not a finite number";
    }
    double slack = SLACK * Math.max(1, Math.max(Math.abs(min), Math.abs(max)));
    if (v < min - slack || v > max + slack) {
      return "the reward is " + text(v) + ", outside " + this;
    }
    return null;
  }

  @Override
  public String toString() {
    return text(min) + " to " + text(max);
  }

  private static String text(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
  }
}
