package io.envbook.model;

import java.time.Duration;

/**
 * Hears a model client wait before trying a call again, so a run can show it ("retrying: 429 from
 * localhost:8000, 3 s") instead of looking stuck. Called on the calling thread; must be quick.
 */
@FunctionalInterface
public interface RetryListener {
  RetryListener NONE = (server, reason, wait, attempt) -> {};

  /**
   * @param server the host and port that failed
   * @param reason the HTTP status, or what went wrong without one ("timeout", "no connection")
   * @param wait how long the client waits before attempt {@code attempt + 1}
   * @param attempt the attempt that failed, from 1
   */
  void retrying(String server, String reason, Duration wait, int attempt);
}
