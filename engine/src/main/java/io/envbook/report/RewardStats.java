package io.envbook.report;

import io.envbook.eval.BenchmarkMetrics;
import io.envbook.rollout.Rollout;
import java.util.List;

/**
 * Summary statistics of rewards: count, mean, standard error of the mean, min, max, failed count, and
 * the share of rollouts with reward 1. The standard error is taken over items (each item's samples
 * averaged first), as {@link BenchmarkMetrics} takes it: the samples of one item are not independent,
 * so counting them as such would understate it.
 *
 * @param items how many distinct items the rollouts cover
 */
public record RewardStats(int count, int items, double mean, double stderr, double min, double max, int failed, double fullMarks) {

  public static RewardStats of(List<Rollout> rollouts) {
    int n = rollouts.size();
    if (n == 0) {
      return new RewardStats(0, 0, 0, 0, 0, 0, 0, 0);
    }
    BenchmarkMetrics byItem = BenchmarkMetrics.of(rollouts, List.of(), 1.0, r -> null);
    return new RewardStats(
        n,
        byItem.items(),
        rollouts.stream().mapToDouble(Rollout::score).average().orElse(0),
        byItem.stderr(),
        rollouts.stream().mapToDouble(Rollout::score).min().orElse(0),
        rollouts.stream().mapToDouble(Rollout::score).max().orElse(0),
        (int) rollouts.stream().filter(r -> !r.ok()).count(),
        rollouts.stream().filter(r -> r.score() >= 1.0).count() / (double) n);
  }
}
