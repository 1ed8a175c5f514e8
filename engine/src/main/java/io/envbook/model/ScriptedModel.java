package io.envbook.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A built-in offline model that answers from a script, for tests, demos and teaching. It is labelled
 * {@code scripted} everywhere its answers appear; its rewards say nothing about a real model.
 *
 * <p>Either a fixed list of turns (turn {@code i} of every rollout gets answer {@code i}), or a policy
 * that sees the item, the sample index, the turn and the conversation so far.
 *
 * <pre>{@code
 * ChatModel m = ScriptedModel.turns(
 *     Message.assistant("", List.of(new ToolCall(null, "terminal", "{\"command\":\"echo hi > a.txt\"}"))),
 *     Message.assistant("Done."));
 * ChatModel p = ScriptedModel.policy(ctx -> Message.assistant("The answer is " + ctx.item().get("answer")));
 * }</pre>
 */
public final class ScriptedModel implements ChatModel {
  private final Policy policy;
  private final String label;

  private ScriptedModel(Policy policy, String label) {
    this.policy = Objects.requireNonNull(policy, "policy == null");
    this.label = label;
  }

  /** Answers turn {@code i} with {@code turns[i]}; past the end, a plain "I am done." */
  public static ScriptedModel turns(Message... turns) {
    return turns(List.of(turns));
  }

  public static ScriptedModel turns(List<Message> turns) {
    return new ScriptedModel(new Turns(List.copyOf(turns)), "scripted");
  }

  /** Fixed answers, turn by turn; their JSON is their source. */
  private record Turns(List<Message> turns) implements Policy {
    @Override
    public Message next(Context ctx) {
      return ctx.turn() < turns.size() ? turns.get(ctx.turn()) : Message.assistant("I am done.");
    }

    @Override
    public String source() {
      return io.envbook.json.Json.write(MessageCodec.toJson(turns));
    }
  }

  public static ScriptedModel policy(Policy policy) {
    return new ScriptedModel(policy, "scripted");
  }

  /** A scripted model with a more specific label, e.g. {@code scripted:terminal-test}. */
  public ScriptedModel labelled(String label) {
    return new ScriptedModel(policy, label);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Message answer;
    try {
      ChatRequest.Origin o = request.origin();
      answer = policy.next(new Context(o.itemId(), o.item(), o.sample(), o.turn(), request.messages()));
    } catch (RuntimeException e) {
      if (e instanceof io.envbook.util.UserError) {
        throw new ModelException(e.getMessage(), e);
      }
      throw new ModelException("the scripted model's policy failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    if (answer == null) {
      throw new ModelException("the scripted model's policy returned nothing for turn " + (request.origin().turn() + 1));
    }
    if (!answer.role().equals("assistant")) {
      answer = new Message("assistant", answer.content(), answer.reasoning(), answer.toolCalls(), null, null);
    }
    long prompt = request.messages().stream().mapToLong(m -> m.content() == null ? 0 : m.content().length() / 4).sum();
    long completion = answer.content() == null ? 0 : answer.content().length() / 4;
    return new ChatResponse(answer, answer.hasToolCalls() ? "tool_calls" : "stop", new Usage(prompt, completion));
  }

  @Override
  public String name() {
    return label;
  }

  @Override
  public boolean builtIn() {
    return true;
  }

  /** Its label and its policy's source. */
  @Override
  public Map<String, String> provenance() {
    Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put("name", label);
    facts.put("policy", policy.source());
    return facts;
  }

  @Override
  public String toString() {
    return "ScriptedModel[" + label + "]";
  }

  /** Decides the next assistant message. */
  @FunctionalInterface
  public interface Policy {
    Message next(Context context);

    /**
     * What the policy is, for a rollout file's provenance: a script's {@code scripted { }} block gives
     * its text; by default the class that defines it (for a lambda, the class it is written in).
     */
    default String source() {
      String name = getClass().getName();
      int lambda = name.indexOf("$$Lambda");
      return "Java " + (lambda < 0 ? name : name.substring(0, lambda));
    }
  }

  /**
   * What a policy sees: the item's id and fields, the sample index within the group, the 0-based turn
   * and the conversation so far.
   */
  public record Context(String itemId, Map<String, Object> item, int sample, int turn, List<Message> messages) {
    /** The content of the last tool message, or {@code null} when the last message is not a tool result. */
    public String lastToolResult() {
      Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
      return last != null && last.role().equals("tool") ? last.content() : null;
    }
  }
}
