package io.envbook.rollout;

/**
 * Observes a run: progress bars in the command line, live displays in the kernel. Events come from
 * the runner's worker threads; implementations must be thread-safe, quick, and must not throw (an
 * exception from a listener is caught and ignored).
 *
 * <p>Order: {@code runStarted}, then for each rollout {@code rolloutStarted} before
 * {@code rolloutFinished}, {@code groupFinished} after the last rollout of its group, and
 * {@code runFinished} last.
 */
public interface RolloutListener {
  RolloutListener NONE = new RolloutListener() {};

  /** The run's rollouts are planned; some may be resumed from the output file (finished, with their rewards). */
  default void runStarted(RunStart start) {}

  default void rolloutStarted(RolloutKey key) {}

  default void rolloutFinished(Rollout rollout) {}

  default void groupFinished(RolloutGroup group) {}

  /** A rollout ran but could not be recorded, not even as failed (the file cannot be written, say). */
  default void rolloutLost(RolloutKey key, String reason) {}

  default void runFinished(RunSummary summary) {}
}
