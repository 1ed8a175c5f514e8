package io.envbook.model;

import java.util.Objects;

/** The model's answer to one {@link ChatRequest}: an assistant message, why it stopped, and token usage. */
public record ChatResponse(Message message, String finishReason, Usage usage) {
  public ChatResponse {
    Objects.requireNonNull(message, "message == null");
    usage = usage == null ? Usage.NONE : usage;
  }

  public static ChatResponse of(Message message) {
    return new ChatResponse(message, message.hasToolCalls() ? "tool_calls" : "stop", Usage.NONE);
  }
}
