package io.envbook.rollout;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run produced: every group (including rollouts resumed from the output file), how many
 * rollouts ran now and how many were resumed, how many failed, the mean reward, wall time and the
 * output file.
 */
public record RunSummary(
    String env, String model, List<RolloutGroup> groups, int ran, int resumed, int failed, double meanReward,
    long wallMs, Path output) {

  public RunSummary {
    groups = List.copyOf(groups);
  }

  public List<Rollout> rollouts() {
    return groups.stream().flatMap(g -> g.rollouts().stream()).toList();
  }

  public int total() {
    return ran + resumed;
  }
}
