package io.envbook.rollout;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run produced: every group (including rollouts resumed from the output file), how many
 * rollouts were requested, how many ran now and were recorded, how many were resumed, how many failed,
 * how many were lost (ran but could not be recorded: must be 0), the mean reward, wall time and the
 * output file.
 */
public record RunSummary(
    String env, String model, List<RolloutGroup> groups, int requested, int ran, int resumed, int failed, int lost,
    double meanReward, long wallMs, Path output) {

  public RunSummary {
    groups = List.copyOf(groups);
  }

  public List<Rollout> rollouts() {
    return groups.stream().flatMap(g -> g.rollouts().stream()).toList();
  }

  public int total() {
    return ran + resumed;
  }

  /** Rollouts neither recorded nor lost: the run was interrupted before they finished. */
  public int notRun() {
    return requested - total() - lost;
  }

  /** Tokens by role (agent, judge), in all and per item. */
  public TokenTotals tokens() {
    return TokenTotals.of(rollouts());
  }
}
