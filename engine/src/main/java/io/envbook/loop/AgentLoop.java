package io.envbook.loop;

import io.envbook.env.Limits;
import io.envbook.json.Json;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.ModelException;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import io.envbook.model.Usage;
import io.envbook.sandbox.Sandbox;
import io.envbook.tools.ToolCallContext;
import io.envbook.tools.ToolRegistry;
import io.envbook.util.Deadline;
import io.envbook.util.Failures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Runs one multi-turn conversation with tool calling, as the Hermes agent loop did.
 *
 * <p>Each turn sends the messages and tool schemas to the model. When the answer calls tools, every
 * call of the turn runs on its own virtual thread (with the per-call timeout), the results are appended
 * in call order, and the loop goes on. It ends when the model answers without tool calls, or when a
 * limit on turns, tokens or wall time is reached. Unknown tools and malformed arguments are answered
 * to the model as tool errors and recorded; a failing model call ends the loop with
 * {@link StopReason#MODEL_ERROR}, and so does a model that has not answered when the wall time runs
 * out (the request carries the deadline; a model that ignores it is abandoned). Reasoning text is kept
 * on the assistant messages.
 *
 * <pre>{@code
 * AgentResult r = AgentLoop.builder(model)
 *     .tools(registry).sandbox(sandbox).limits(Limits.DEFAULT.withMaxTurns(8))
 *     .build()
 *     .run(List.of(Message.system("You have a terminal."), Message.user("List the files.")));
 * }</pre>
 */
public final class AgentLoop {
  /** Time a model gets past the rollout's deadline to fail by itself (with its own reason) before it is abandoned. */
  private static final Duration MODEL_GRACE = Duration.ofSeconds(2);
  private final ChatModel model;
  private final ToolRegistry tools;
  private final Sandbox sandbox;
  private final Limits limits;
  private final Double temperature;
  private final Integer maxTokensPerCall;
  private final Map<String, Object> extraBody;
  private final ChatRequest.Origin origin;
  private final ToolCallParser fallbackParser;
  private final TurnListener listener;
  private final Deadline deadline;

  private AgentLoop(Builder b) {
    this.model = b.model;
    this.tools = b.tools;
    this.sandbox = b.sandbox;
    this.limits = b.limits;
    this.temperature = b.temperature;
    this.maxTokensPerCall = b.maxTokensPerCall;
    this.extraBody = b.extraBody;
    this.origin = b.origin;
    this.fallbackParser = b.fallbackParser;
    this.listener = b.listener;
    this.deadline = b.deadline;
  }

  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /** Runs the loop on a copy of {@code prompt} and returns the whole conversation. Never throws for model or tool failures. */
  public AgentResult run(List<Message> prompt) {
    List<Message> messages = new ArrayList<>(prompt);
    List<ToolError> toolErrors = new ArrayList<>();
    List<String> reasoning = new ArrayList<>();
    Usage usage = Usage.NONE;
    Deadline deadline = this.deadline != null ? this.deadline : Deadline.after(limits.wallTime());
    ToolDispatcher dispatcher = new ToolDispatcher(tools, toolContext());

    for (int turn = 0; turn < limits.maxTurns(); turn++) {
      if (Thread.currentThread().isInterrupted()) {
        return result(messages, turn, StopReason.INTERRUPTED, toolErrors, reasoning, usage, "interrupted");
      }
      if (deadline.passed()) {
        return result(messages, turn, StopReason.TIMEOUT, toolErrors, reasoning, usage,
            "wall time of " + Deadline.text(deadline.length()) + " reached");
      }
      ChatResponse response;
      try {
        response = ask(new ChatRequest(messages, tools.schemas(), temperature, maxTokensPerCall, extraBody, origin.atTurn(turn),
            deadline.instant()), deadline);
      } catch (TimeoutException e) {
        return result(messages, turn + 1, StopReason.MODEL_ERROR, toolErrors, reasoning, usage,
            "the model gave no answer within the rollout's timeout of " + Deadline.text(deadline.length()));
      } catch (InterruptedException e) {
        return result(messages, turn + 1, StopReason.INTERRUPTED, toolErrors, reasoning, usage, "interrupted");
      } catch (ModelException e) {
        if (Thread.currentThread().isInterrupted()) {
          return result(messages, turn + 1, StopReason.INTERRUPTED, toolErrors, reasoning, usage, "interrupted");
        }
        return result(messages, turn + 1, StopReason.MODEL_ERROR, toolErrors, reasoning, usage, e.getMessage());
      } catch (Throwable e) {
        return result(messages, turn + 1, StopReason.MODEL_ERROR, toolErrors, reasoning, usage,
            "the model failed: " + Failures.describe(e));
      }
      if (response == null) {
        return result(messages, turn + 1, StopReason.MODEL_ERROR, toolErrors, reasoning, usage, "the model returned no answer");
      }
      usage = usage.plus(response.usage());
      Message answer = response.message();
      reasoning.add(answer.reasoning());
      List<String> parseErrors = List.of();
      if (!answer.hasToolCalls() && fallbackParser != null && !tools.isEmpty() && answer.content() != null) {
        ToolCallParser.Result parsed = fallbackParser.parse(answer.content());
        if (parsed.found()) {
          answer = answer.withToolCalls(parsed.content() == null ? "" : parsed.content(), parsed.calls());
          parseErrors = parsed.errors();
        }
      }
      Message assistant = new Message("assistant", answer.content() == null ? "" : answer.content(),
          answer.reasoning(), answer.toolCalls(), null, null);
      messages.add(assistant);
      if (listener != null) {
        listener.onAssistant(turn + 1, assistant);
      }
      for (String err : parseErrors) {
        toolErrors.add(new ToolError(turn + 1, "(unparsed)", null, err, null));
      }
      if (!assistant.hasToolCalls()) {
        if (!parseErrors.isEmpty()) {
          messages.add(Message.user(Json.write(Map.of("error", "Your tool call could not be parsed: " + String.join("; ", parseErrors)))));
          continue;
        }
        return result(messages, turn + 1, StopReason.NATURAL, toolErrors, reasoning, usage, null);
      }
      List<Message> results = dispatcher.dispatch(turn + 1, assistant.toolCalls(), min(limits.toolTimeout(), deadline.left()), toolErrors);
      messages.addAll(results);
      if (!parseErrors.isEmpty()) {
        messages.add(Message.user(Json.write(Map.of("error", "Some of your tool calls could not be parsed: " + String.join("; ", parseErrors)))));
      }
      if (listener != null) {
        for (Message m : results) {
          listener.onToolResult(turn + 1, m);
        }
      }
      if (Thread.currentThread().isInterrupted()) {
        return result(messages, turn + 1, StopReason.INTERRUPTED, toolErrors, reasoning, usage, "interrupted");
      }
      if (limits.maxTokens() > 0 && usage.total() >= limits.maxTokens()) {
        return result(messages, turn + 1, StopReason.MAX_TOKENS, toolErrors, reasoning, usage,
            "token limit of " + limits.maxTokens() + " reached");
      }
    }
    return result(messages, limits.maxTurns(), StopReason.MAX_TURNS, toolErrors, reasoning, usage, null);
  }

  /**
   * One model call on a thread of its own, so that a model that ignores the request's deadline (a
   * server dripping bytes, a policy stuck in a loop) is abandoned shortly after it.
   */
  private ChatResponse ask(ChatRequest request, Deadline deadline) throws Exception {
    return deadline.await(Deadline.start(Thread.ofVirtual(), "model-call", () -> model.chat(request)), MODEL_GRACE);
  }

  private ToolCallContext toolContext() {
    return new ToolCallContext(sandbox, sandbox == null ? origin.taskId() : sandbox.taskId(), limits.toolTimeout(), limits.maxToolOutputChars());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static AgentResult result(List<Message> messages, int turns, StopReason reason, List<ToolError> errors,
      List<String> reasoning, Usage usage, String error) {
    return new AgentResult(messages, turns, reason, errors, reasoning, usage, error);
  }

  /** Observes a loop as it runs (live displays); called on the loop's thread, must be quick. */
  public interface TurnListener {
    default void onAssistant(int turn, Message message) {}

    default void onToolResult(int turn, Message message) {}
  }

  /** Builds an {@link AgentLoop}; only the model is required. */
  public static final class Builder {
    private final ChatModel model;
    private ToolRegistry tools = ToolRegistry.EMPTY;
    private Sandbox sandbox;
    private Limits limits = Limits.DEFAULT;
    private Double temperature;
    private Integer maxTokensPerCall;
    private Map<String, Object> extraBody = Map.of();
    private ChatRequest.Origin origin = ChatRequest.Origin.NONE;
    private ToolCallParser fallbackParser;
    private TurnListener listener;
    private Deadline deadline;

    private Builder(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model == null");
    }

    public Builder tools(ToolRegistry tools) {
      this.tools = Objects.requireNonNull(tools, "tools == null");
      return this;
    }

    public Builder sandbox(Sandbox sandbox) {
      this.sandbox = sandbox;
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits == null");
      return this;
    }

    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder maxTokensPerCall(Integer n) {
      this.maxTokensPerCall = n;
      return this;
    }

    public Builder extraBody(Map<String, Object> extraBody) {
      this.extraBody = extraBody == null ? Map.of() : extraBody;
      return this;
    }

    public Builder origin(ChatRequest.Origin origin) {
      this.origin = origin == null ? ChatRequest.Origin.NONE : origin;
      return this;
    }

    /** Parses tool calls out of plain content when the server returned none (Hermes' {@code <tool_call>} fallback). */
    public Builder fallbackParser(ToolCallParser parser) {
      this.fallbackParser = parser;
      return this;
    }

    public Builder listener(TurnListener listener) {
      this.listener = listener;
      return this;
    }

    /** When the rollout's time runs out (default: the limits' wall time from the start of {@link #run}). */
    public Builder deadline(Deadline deadline) {
      this.deadline = deadline;
      return this;
    }

    public AgentLoop build() {
      return new AgentLoop(this);
    }
  }
}
