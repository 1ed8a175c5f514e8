package io.envbook.tools;

import io.envbook.sandbox.Sandbox;
import java.time.Duration;

/**
 * What a tool call can reach: the rollout's sandbox, its task id, and the per-call timeout and output
 * cap from the environment's limits.
 */
public record ToolCallContext(Sandbox sandbox, String taskId, Duration timeout, int maxOutputChars) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);
  public static final int DEFAULT_MAX_OUTPUT_CHARS = 100_000;

  public static ToolCallContext of(Sandbox sandbox) {
    return new ToolCallContext(sandbox, sandbox == null ? "" : sandbox.taskId(), DEFAULT_TIMEOUT, DEFAULT_MAX_OUTPUT_CHARS);
  }

  public ToolCallContext withTimeout(Duration timeout) {
    return new ToolCallContext(sandbox, taskId, timeout, maxOutputChars);
  }
}
