package io.envbook.loop;

import io.envbook.model.Message;
import io.envbook.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one agent loop: the whole conversation (prompt, assistant turns with their tool
 * calls and reasoning, tool results), how many model calls it took, why it stopped, every tool error,
 * the reasoning of each turn, and token usage. {@code error} says what went wrong when the stop reason
 * is {@link StopReason#MODEL_ERROR}.
 */
public record AgentResult(
    List<Message> messages,
    int turnsUsed,
    StopReason stopReason,
    List<ToolError> toolErrors,
    List<String> reasoningPerTurn,
    Usage usage,
    String error) {

  public AgentResult {
    messages = List.copyOf(messages);
    toolErrors = List.copyOf(toolErrors);
    reasoningPerTurn = java.util.Collections.unmodifiableList(new ArrayList<>(reasoningPerTurn));
    usage = usage == null ? Usage.NONE : usage;
  }

  public boolean finishedNaturally() {
    return stopReason == StopReason.NATURAL;
  }

  /** The content of the last assistant message, or "" when there is none. */
  public String finalText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message m = messages.get(i);
      if (m.role().equals("assistant")) {
        return m.content() == null ? "" : m.content();
      }
    }
    return "";
  }

  /** Every tool call the model made, in order. */
  public List<io.envbook.model.ToolCall> toolCalls() {
    List<io.envbook.model.ToolCall> out = new ArrayList<>();
    messages.forEach(m -> out.addAll(m.toolCalls()));
    return out;
  }
}
