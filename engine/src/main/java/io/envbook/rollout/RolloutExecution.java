package io.envbook.rollout;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Limits;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.loop.AgentLoop;
import io.envbook.loop.AgentResult;
import io.envbook.loop.StopReason;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.Message;
import io.envbook.model.ToolCallParser;
import io.envbook.sandbox.Sandbox;
import io.envbook.sandbox.SandboxProvider;
import io.envbook.tools.ToolRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One rollout from start to record: a fresh sandbox, the agent loop on the item's prompt, the reward
 * computed in the same sandbox, and the sandbox cleaned up whatever happened. Never throws: every
 * failure becomes a failed {@link Rollout} that keeps what was produced before it.
 */
final class RolloutExecution {
  private final Environment env;
  private final ChatModel model;
  private final SandboxProvider sandboxes;
  private final ToolRegistry tools;
  private final ToolCallParser fallbackParser;

  RolloutExecution(Environment env, ChatModel model, SandboxProvider sandboxes, ToolRegistry tools, ToolCallParser fallbackParser) {
    this.env = env;
    this.model = model;
    this.sandboxes = sandboxes;
    this.tools = tools;
    this.fallbackParser = fallbackParser;
  }

  /** The tools of an environment's rollouts: its toolsets, then its own tools. */
  static ToolRegistry toolsOf(Environment env) {
    return new ToolRegistry(io.envbook.tools.Toolsets.resolve(env.config().toolsets())).plus(env.tools());
  }

  Rollout run(Item item, RolloutKey key) {
    EnvConfig config = env.config();
    Limits limits = env.limits(item);
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    List<Message> prompt = new ArrayList<>();
    AgentResult result = null;
    Reward reward = Reward.ZERO;
    String error = null;
    long rewardMs = 0;
    Sandbox sandbox = null;
    String taskId = null;
    try {
      if (config.systemPrompt() != null && !config.systemPrompt().isBlank()) {
        prompt.add(Message.system(config.systemPrompt()));
      }
      prompt.add(Message.user(env.formatPrompt(item)));
      taskId = taskId(config.name(), key);
      sandbox = sandboxes.create(taskId, env.image(item));
      try {
        env.prepare(item, new ToolContext(sandbox, tools, limits));
      } catch (Exception | LinkageError e) {
        throw new PrepareFailed(e);
      }
      result = AgentLoop.builder(model)
          .tools(tools)
          .sandbox(sandbox)
          .limits(limits)
          .temperature(config.temperature())
          .maxTokensPerCall(config.maxTokensPerCall())
          .origin(new ChatRequest.Origin(taskId, item.id(), item.fields(), key.sample(), 0))
          .fallbackParser(fallbackParser)
          .build()
          .run(prompt);
      if (result.stopReason() == StopReason.MODEL_ERROR) {
        error = "model failed: " + result.error();
      } else if (result.stopReason() == StopReason.INTERRUPTED) {
        error = "interrupted";
      }
      if (result.turnsUsed() > 0 && error == null) {
        long r0 = System.nanoTime();
        try {
          reward = env.computeReward(item, result, new ToolContext(sandbox, tools, limits));
          if (reward == null) {
            reward = Reward.ZERO;
            error = "the reward function returned nothing: return a number or reward parts";
          }
        } catch (Exception | LinkageError e) {
          error = "reward failed: " + describe(e);
        } finally {
          rewardMs = (System.nanoTime() - r0) / 1_000_000;
        }
      }
    } catch (PrepareFailed e) {
      error = "preparing the sandbox failed: " + describe(e.getCause());
    } catch (Exception | LinkageError e) {
      error = (result == null ? "rollout failed: " : "rollout failed after the agent loop: ") + describe(e);
    } finally {
      if (sandbox != null) {
        try {
          sandbox.close();
        } catch (RuntimeException e) {
          error = error == null ? "sandbox cleanup failed: " + describe(e) : error;
        }
      }
    }
    Rollout.Tokens tokens = null;
    if (model instanceof io.envbook.model.token.TokenTracing tm && taskId != null) {
      io.envbook.model.token.TokenTrace trace = tm.takeTrace(taskId);
      if (trace != null) {
        tokens = new Rollout.Tokens(trace.tokens(), trace.masks(), trace.logprobs());
      }
    }
    return new Rollout(
        config.name(), model.name(), key.itemIndex(), key.itemId(), key.sample(), item.fields(),
        result == null ? prompt : result.messages(),
        reward,
        result == null ? 0 : result.turnsUsed(),
        result == null ? null : result.stopReason(),
        result == null ? List.of() : result.toolErrors(),
        result == null ? null : result.usage(),
        startedAt, (System.nanoTime() - t0) / 1_000_000, rewardMs, error, tokens);
  }

  private static String taskId(String env, RolloutKey key) {
    byte[] b = new byte[3];
    ThreadLocalRandom.current().nextBytes(b);
    return env + "-" + key.itemIndex() + "-" + key.sample() + "-" + HexFormat.of().formatHex(b);
  }

  /** The environment's {@code prepare} threw: the rollout fails before the agent starts. */
  private static final class PrepareFailed extends RuntimeException {
    PrepareFailed(Throwable cause) {
      super(cause);
    }
  }

  static String describe(Throwable e) {
    String msg = e.getMessage();
    if (e instanceof io.envbook.util.UserError && msg != null) {
      return msg;
    }
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
