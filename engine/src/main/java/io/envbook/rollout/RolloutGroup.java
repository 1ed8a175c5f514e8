package io.envbook.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rollouts of one item (a GRPO group), ordered by sample, with their group-relative advantages:
 * {@code (r - mean) / std} over the group's rewards (population standard deviation); all zeros when
 * every reward is the same, since such a group teaches nothing.
 */
public record RolloutGroup(int itemIndex, String itemId, List<Rollout> rollouts) {
  public RolloutGroup {
    List<Rollout> sorted = new ArrayList<>(rollouts);
    sorted.sort(Comparator.comparingInt(Rollout::sample));
    rollouts = List.copyOf(sorted);
  }

  public List<Double> scores() {
    return rollouts.stream().map(Rollout::score).toList();
  }

  public double meanScore() {
    return rollouts.stream().mapToDouble(Rollout::score).average().orElse(0);
  }

  /** True when every rollout scored the same (Atropos drops such groups when training). */
  public boolean scoresAllSame() {
    return rollouts.stream().mapToDouble(Rollout::score).distinct().count() <= 1;
  }

  public List<Double> advantages() {
    return advantages(scores());
  }

  /** GRPO advantages of a list of rewards. */
  public static List<Double> advantages(List<Double> rewards) {
    int n = rewards.size();
    if (n == 0) {
      return List.of();
    }
    double mean = rewards.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double var = rewards.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum() / n;
    double std = Math.sqrt(var);
    if (std < 1e-12) {
      return rewards.stream().map(r -> 0.0).toList();
    }
    return rewards.stream().map(r -> (r - mean) / std).toList();
  }
}
