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
import io.envbook.tools.ToolException;
import io.envbook.tools.ToolRegistry;
import io.envbook.util.Deadline;
import io.envbook.util.Failures;
import java.time.Duration;
import io.envbook.tools.mcp.McpServer;
import io.envbook.tools.mcp.McpServers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One rollout from start to record: a fresh sandbox, the agent loop on the item's prompt, the reward
 * computed in the same sandbox, and the sandbox cleaned up whatever happened. Never throws: every
 * failure becomes a failed {@link Rollout} that keeps what was produced before it.
 */
final class RolloutExecution {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RolloutExecution.class);
  private final Environment env;
  private final ChatModel model;
  private final SandboxProvider sandboxes;
  private final ToolRegistry tools;
  private final ToolCallParser fallbackParser;
  private final List<McpServer> perRolloutServers;
  private Long runSeed;

  /**
   * {@code tools} are the tools every rollout shares (shared MCP servers' among them); the
   * environment's MCP servers in {@code perRolloutServers} are started for each rollout.
   */
  RolloutExecution(Environment env, ChatModel model, SandboxProvider sandboxes, ToolRegistry tools, ToolCallParser fallbackParser,
      List<McpServer> perRolloutServers) {
    this.env = env;
    this.model = model;
    this.sandboxes = sandboxes;
    this.tools = tools;
    this.fallbackParser = fallbackParser;
    this.perRolloutServers = List.copyOf(perRolloutServers);
  }

  /** An execution that starts all the environment's MCP servers for each rollout (for runners that have no run to share them over). */
  RolloutExecution(Environment env, ChatModel model, SandboxProvider sandboxes, ToolCallParser fallbackParser) {
    this(env, model, sandboxes, toolsOf(env), fallbackParser, env.mcpServers());
  }

  /** Gives every rollout a seed of its own, derived from {@code seed}, its item and its sample ({@code null}: none). */
  RolloutExecution seed(Long seed) {
    this.runSeed = seed;
    return this;
  }

  /** A rollout's seed: the same for the same run seed, item and sample; 31 bits, as every server takes. */
  static long rolloutSeed(long runSeed, int itemIndex, int sample) {
    long z = runSeed * 0x9E3779B97F4A7C15L + itemIndex * 0xBF58476D1CE4E5B9L + sample * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & 0x7FFF_FFFFL;
  }

  /** The tools of an environment's rollouts: its toolsets, then its own tools. */
  static ToolRegistry toolsOf(Environment env) {
    return new ToolRegistry(io.envbook.tools.Toolsets.resolve(env.config().toolsets())).plus(env.tools());
  }

  /** Runs one rollout; whatever happens, even an {@link Error}, the answer is a rollout to record. */
  Rollout run(Item item, RolloutKey key) {
    Instant startedAt = Instant.now();
    try {
      return attempt(item, key, startedAt);
    } catch (Throwable e) {
      return failedEarly(item, key, startedAt, "rollout failed: " + Failures.describe(e));
    }
  }

  private Rollout attempt(Item item, RolloutKey key, Instant startedAt) {
    EnvConfig config = env.config();
    long t0 = System.nanoTime();
    List<Message> prompt = new ArrayList<>();
    AgentResult result = null;
    Reward reward = Reward.ZERO;
    String error = null;
    long rewardMs = 0;
    Sandbox sandbox = null;
    McpServers servers = McpServers.NONE;
    String taskId = null;
    Long seed = runSeed == null ? null : rolloutSeed(runSeed, key.itemIndex(), key.sample());
    try {
      Limits limits = env.limits(item);
      Deadline deadline = Deadline.after(limits.wallTime());
      if (config.systemPrompt() != null && !config.systemPrompt().isBlank()) {
        prompt.add(Message.system(config.systemPrompt()));
      }
      prompt.add(Message.user(UserCode.run(UserCode.Stage.PROMPT, deadline, () -> env.formatPrompt(item))));
      taskId = taskId(config.name(), key);
      sandbox = sandboxes.create(taskId, env.sandboxSpec(item));
      servers = startServers(sandbox);
      ToolRegistry tools = this.tools.plus(servers.tools());
      ToolContext ctx = new ToolContext(sandbox, tools, limits);
      UserCode.run(UserCode.Stage.PREPARE, deadline, () -> {
        env.prepare(item, ctx);
        return null;
      });
      result = AgentLoop.builder(model)
          .tools(tools)
          .sandbox(sandbox)
          .limits(limits)
          .deadline(deadline)
          .temperature(config.temperature())
          .maxTokensPerCall(config.maxTokensPerCall())
          .extraBody(seed == null ? Map.of() : Map.of("seed", seed))
          .origin(new ChatRequest.Origin(taskId, item.id(), item.fields(), key.sample(), 0))
          .fallbackParser(fallbackParser)
          .build()
          .run(prompt);
      if (result.stopReason() == StopReason.MODEL_ERROR) {
        error = "model failed: " + result.error();
      } else if (result.stopReason() == StopReason.INTERRUPTED) {
        error = "interrupted";
      } else if (result.turnsUsed() == 0) {
        error = "rollout failed: " + result.error() + " before the first model call";
      }
      if (error == null) {
        Score score = score(item, result, ctx);
        reward = score.reward;
        error = score.error;
        rewardMs = score.ms;
      }
    } catch (ServersFailed e) {
      error = e.getMessage();
    } catch (UserCode.Failed e) {
      error = e.getMessage();
    } catch (Throwable e) {
      LOG.debug("rollout {} failed", key, e);
      error = (result == null ? "rollout failed: " : "rollout failed after the agent loop: ") + Failures.describe(e);
    } finally {
      servers.close();
      if (sandbox != null) {
        try {
          sandbox.close();
        } catch (Throwable e) {
          error = error == null ? "sandbox cleanup failed: " + Failures.describe(e) : error;
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
        startedAt, (System.nanoTime() - t0) / 1_000_000, rewardMs, error, tokens, seed);
  }

  /** The reward, or why there is none, and how long scoring took. */
  private record Score(Reward reward, String error, long ms) {}

  /** Scores a finished loop under a deadline of its own; a reward that cannot be recorded as it is counts as 0 with the reason. */
  private Score score(Item item, AgentResult result, ToolContext ctx) {
    long t0 = System.nanoTime();
    Reward reward;
    String error;
    try {
      reward = UserCode.run(UserCode.Stage.REWARD, Deadline.after(env.rewardTimeout(item)), () -> env.computeReward(item, result, ctx));
      error = rewardProblem(reward, env.config());
    } catch (UserCode.Failed e) {
      reward = null;
      error = e.getMessage();
    }
    return new Score(error == null ? reward : Reward.ZERO, error, (System.nanoTime() - t0) / 1_000_000);
  }

  /** Why a reward cannot be recorded as it is, or {@code null}. */
  static String rewardProblem(Reward reward, EnvConfig config) {
    if (reward == null) {
      return "the reward function returned nothing: return a number or reward parts";
    }
    String problem = config.rewardRange().problem(reward);
    return problem == null ? null
        : "reward failed: " + problem + ": return a reward from " + config.rewardRange() + ", or declare the range rewards take in "
            + "EnvConfig.rewardRange";
  }

  /** A failed rollout that keeps only what identifies it, for when even building the full record failed. */
  private Rollout failedEarly(Item item, RolloutKey key, Instant startedAt, String error) {
    return new Rollout(env.config().name(), model.name(), key.itemIndex(), key.itemId(), key.sample(), item.fields(), List.of(),
        Reward.ZERO, 0, null, List.of(), null, startedAt, Duration.between(startedAt, Instant.now()).toMillis(), 0, error, null);
  }

  private static String taskId(String env, RolloutKey key) {
    byte[] b = new byte[3];
    ThreadLocalRandom.current().nextBytes(b);
    return env + "-" + key.itemIndex() + "-" + key.sample() + "-" + HexFormat.of().formatHex(b);
  }

  private McpServers startServers(Sandbox sandbox) {
    try {
      return startIn(sandbox, perRolloutServers);
    } catch (ToolException e) {
      throw new ServersFailed(e.getMessage());
    }
  }

  /**
   * Starts a rollout's own MCP servers for {@code sandbox}: a server runs on this machine, so it works
   * in the sandbox's directory when the sandbox has one here.
   */
  static McpServers startIn(Sandbox sandbox, List<McpServer> servers) throws ToolException {
    Path dir = sandbox instanceof io.envbook.sandbox.LocalSandbox local ? local.directory() : null;
    return McpServers.start(servers, dir);
  }

  /** A per-rollout MCP server did not start: the rollout fails before the agent starts. */
  private static final class ServersFailed extends RuntimeException {
    ServersFailed(String message) {
      super(message);
    }
  }
}
