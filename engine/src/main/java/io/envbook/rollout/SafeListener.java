package io.envbook.rollout;

/** Passes events on and swallows whatever the listener throws, so a broken display cannot break a run. */
final class SafeListener implements RolloutListener {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SafeListener.class);

  private final RolloutListener delegate;

  SafeListener(RolloutListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void runStarted(RunStart start) {
    quietly(() -> delegate.runStarted(start));
  }

  @Override
  public void rolloutStarted(RolloutKey key) {
    quietly(() -> delegate.rolloutStarted(key));
  }

  @Override
  public void rolloutFinished(Rollout rollout) {
    quietly(() -> delegate.rolloutFinished(rollout));
  }

  @Override
  public void groupFinished(RolloutGroup group) {
    quietly(() -> delegate.groupFinished(group));
  }

  @Override
  public void rolloutLost(RolloutKey key, String reason) {
    quietly(() -> delegate.rolloutLost(key, reason));
  }

  @Override
  public void runFinished(RunSummary summary) {
    quietly(() -> delegate.runFinished(summary));
  }

  private static void quietly(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      // listeners must not break runs
      LOG.debug("a run listener failed", e);
    }
  }
}
