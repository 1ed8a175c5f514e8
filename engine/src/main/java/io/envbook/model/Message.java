package io.envbook.model;

import java.util.List;
import java.util.Objects;

/**
 * One chat message in the OpenAI shape. Roles are {@code system}, {@code user}, {@code assistant}
 * and {@code tool}. Assistant messages may carry {@code reasoning} (the model's thinking, kept as
 * {@code reasoning_content} on the wire) and tool calls; tool messages carry the id of the call they
 * answer.
 *
 * <pre>{@code
 * Message.user("Create hello.txt");
 * Message.assistant("", List.of(new ToolCall(null, "terminal", "{\"command\":\"ls\"}")));
 * Message.tool("call_1a2b3c4d", "{\"output\":\"\",\"exit_code\":0}");
 * }</pre>
 */
public record Message(
    String role, String content, String reasoning, List<ToolCall> toolCalls, String toolCallId, String name) {

  public Message {
    Objects.requireNonNull(role, "role == null");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static Message system(String content) {
    return new Message("system", content, null, null, null, null);
  }

  public static Message user(String content) {
    return new Message("user", content, null, null, null, null);
  }

  public static Message assistant(String content) {
    return new Message("assistant", content, null, null, null, null);
  }

  public static Message assistant(String content, List<ToolCall> calls) {
    return new Message("assistant", content, null, calls, null, null);
  }

  public static Message tool(String toolCallId, String content) {
    return new Message("tool", content, null, null, toolCallId, null);
  }

  public boolean hasToolCalls() {
    return !toolCalls.isEmpty();
  }

  public Message withReasoning(String reasoning) {
    return new Message(role, content, reasoning, toolCalls, toolCallId, name);
  }

  public Message withToolCalls(String content, List<ToolCall> calls) {
    return new Message(role, content, reasoning, calls, toolCallId, name);
  }

  public Message withName(String name) {
    return new Message(role, content, reasoning, toolCalls, toolCallId, name);
  }
}
