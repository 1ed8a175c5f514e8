package io.envbook.rollout;

import java.util.List;

/**
 * How a run starts: its environment, how many rollouts it plans, the ones resumed from the output
 * file (finished already, counted in progress and means), and a note to show the user, or
 * {@code null} (say, that an old file could not be checked before resuming).
 */
public record RunStart(String env, int total, List<Rollout> resumed, String note) {
  public RunStart {
    resumed = List.copyOf(resumed);
  }

  /** The sum of the resumed rollouts' rewards, to start a running mean from. */
  public double resumedRewardSum() {
    return resumed.stream().mapToDouble(Rollout::score).sum();
  }
}
