package io.envbook.cli;

import io.envbook.model.RetryListener;
import java.time.Duration;

/** Passes a model's retries on to whoever shows them; the model is built before the progress display that listens. */
final class RetryRelay implements RetryListener {
  private volatile RetryListener target = RetryListener.NONE;

  void forwardTo(RetryListener listener) {
    this.target = listener == null ? RetryListener.NONE : listener;
  }

  @Override
  public void retrying(String server, String reason, Duration wait, int attempt) {
    target.retrying(server, reason, wait, attempt);
  }
}
