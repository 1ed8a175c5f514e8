package io.envbook.report;

import io.envbook.rollout.Rollout;
import java.util.List;

/**
 * Summary statistics of rewards: count, mean, standard error of the mean, min, max, failed count, and
 * the share of rollouts with reward 1.
 */
public record RewardStats(int count, double mean, double stderr, double min, double max, int failed, double fullMarks) {

  public static RewardStats of(List<Rollout> rollouts) {
    int n = rollouts.size();
    if (n == 0) {
      return new RewardStats(0, 0, 0, 0, 0, 0, 0);
    }
    double mean = rollouts.stream().mapToDouble(Rollout::score).average().orElse(0);
    double var = n < 2 ? 0 : rollouts.stream().mapToDouble(r -> (r.score() - mean) * (r.score() - mean)).sum() / (n - 1);
    return new RewardStats(
        n,
        mean,
        Math.sqrt(var / n),
        rollouts.stream().mapToDouble(Rollout::score).min().orElse(0),
        rollouts.stream().mapToDouble(Rollout::score).max().orElse(0),
        (int) rollouts.stream().filter(r -> !r.ok()).count(),
        rollouts.stream().filter(r -> r.score() >= 1.0).count() / (double) n);
  }
}
