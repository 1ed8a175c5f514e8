package io.envbook.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One call to a chat model: the conversation so far, the tools on offer and sampling settings.
 * {@code origin} says which rollout asks; real servers ignore it, the built-in scripted model uses it
 * to answer per item and per sample. {@code deadline} (or {@code null}) is when the rollout's time runs
 * out: a model must answer or fail by then, retries included.
 */
public record ChatRequest(
    List<Message> messages,
    List<ToolSchema> tools,
    Double temperature,
    Integer maxTokens,
    Map<String, Object> extraBody,
    Origin origin,
    Instant deadline) {

  public ChatRequest {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages == null"));
    tools = tools == null ? List.of() : List.copyOf(tools);
    extraBody = extraBody == null ? Map.of() : Map.copyOf(extraBody);
    origin = origin == null ? Origin.NONE : origin;
  }

  /** A request without a deadline. */
  public ChatRequest(List<Message> messages, List<ToolSchema> tools, Double temperature, Integer maxTokens,
      Map<String, Object> extraBody, Origin origin) {
    this(messages, tools, temperature, maxTokens, extraBody, origin, null);
  }

  public static ChatRequest of(List<Message> messages) {
    return new ChatRequest(messages, List.of(), null, null, null, null);
  }

  /**
   * Where a request comes from: the rollout's task id, its item's id and fields, the sample index
   * within the group, and the 0-based turn.
   */
  public record Origin(String taskId, String itemId, Map<String, Object> item, int sample, int turn) {
    public static final Origin NONE = new Origin("", "", Map.of(), 0, 0);

    public Origin {
      itemId = itemId == null ? "" : itemId;
      item = item == null ? Map.of() : item;
    }

    public Origin atTurn(int turn) {
      return new Origin(taskId, itemId, item, sample, turn);
    }
  }
}
