package io.envbook.model.token;

import io.envbook.model.ChatModel;

/** A token-mode model: it keeps each rollout's exact {@link TokenTrace}, by task id. */
public interface TokenTracing extends ChatModel {
  /** The trace of a rollout (by task id), removed from the model; {@code null} when it made no call. */
  TokenTrace takeTrace(String taskId);
}
