package io.envbook.rollout;

/** Passes events on and swallows whatever the listener throws, so a broken display cannot break a run. */
final class SafeListener implements RolloutListener {
  private final RolloutListener delegate;

  SafeListener(RolloutListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void runStarted(String env, int total, int alreadyDone) {
    try {
      delegate.runStarted(env, total, alreadyDone);
    } catch (RuntimeException ignored) {
      // listeners must not break runs
    }
  }

  @Override
  public void rolloutStarted(RolloutKey key) {
    try {
      delegate.rolloutStarted(key);
    } catch (RuntimeException ignored) {
      // listeners must not break runs
    }
  }

  @Override
  public void rolloutFinished(Rollout rollout) {
    try {
      delegate.rolloutFinished(rollout);
    } catch (RuntimeException ignored) {
      // listeners must not break runs
    }
  }

  @Override
  public void groupFinished(RolloutGroup group) {
    try {
      delegate.groupFinished(group);
    } catch (RuntimeException ignored) {
      // listeners must not break runs
    }
  }

  @Override
  public void runFinished(RunSummary summary) {
    try {
      delegate.runFinished(summary);
    } catch (RuntimeException ignored) {
      // listeners must not break runs
    }
  }
}
