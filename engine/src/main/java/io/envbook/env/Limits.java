package io.envbook.env;

import java.time.Duration;

/**
 * Bounds on one rollout: model turns, total tokens, wall time, and per tool call a timeout and an
 * output cap. A rollout that hits a limit stops early and is still scored.
 */
public record Limits(int maxTurns, long maxTokens, Duration wallTime, Duration toolTimeout, int maxToolOutputChars) {
  public static final Limits DEFAULT =
      new Limits(30, 0, Duration.ofMinutes(30), Duration.ofSeconds(180), 100_000);

  public Limits {
    if (maxTurns < 1) {
      throw new IllegalArgumentException("maxTurns must be at least 1, got " + maxTurns);
    }
    if (maxTokens < 0) {
      throw new IllegalArgumentException("maxTokens must be 0 (no limit) or more, got " + maxTokens);
    }
    wallTime = wallTime == null ? Duration.ofMinutes(30) : wallTime;
    toolTimeout = toolTimeout == null ? Duration.ofSeconds(180) : toolTimeout;
    if (maxToolOutputChars < 1) {
      throw new IllegalArgumentException("maxToolOutputChars must be positive, got " + maxToolOutputChars);
    }
  }

  public Limits withMaxTurns(int n) {
    return new Limits(n, maxTokens, wallTime, toolTimeout, maxToolOutputChars);
  }

  public Limits withMaxTokens(long n) {
    return new Limits(maxTurns, n, wallTime, toolTimeout, maxToolOutputChars);
  }

  public Limits withWallTime(Duration d) {
    return new Limits(maxTurns, maxTokens, d, toolTimeout, maxToolOutputChars);
  }

  public Limits withToolTimeout(Duration d) {
    return new Limits(maxTurns, maxTokens, wallTime, d, maxToolOutputChars);
  }

  public Limits withMaxToolOutputChars(int n) {
    return new Limits(maxTurns, maxTokens, wallTime, toolTimeout, n);
  }
}
