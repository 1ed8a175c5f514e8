package io.envbook.rollout;

import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Limits;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.loop.AgentResult;
import io.envbook.loop.StopReason;
import io.envbook.model.Message;
import io.envbook.sandbox.Sandbox;
import io.envbook.sandbox.SandboxProvider;
import io.envbook.tools.ToolException;
import io.envbook.tools.ToolRegistry;
import io.envbook.tools.mcp.McpServer;
import io.envbook.tools.mcp.McpServers;
import io.envbook.util.Deadline;
import io.envbook.util.Failures;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an environment's reward again on saved rollouts, without calling the model: each rollout's
 * conversation becomes its {@link AgentResult} again, and the reward gets a fresh sandbox, prepared
 * as for a new rollout, with the environment's MCP servers started as in a run (shared ones once,
 * the others per rollout), so a reward can call their tools. A reward that reads only the transcript gives what it would have given in the
 * run; one that reads the agent's files sees the prepared sandbox, not the agent's changes (re-run
 * with the {@code replay} model to rebuild those). {@link #run} says which rewards read the sandbox,
 * so a caller can warn that their new scores may not be what the run would have given.
 *
 * <pre>{@code
 * List<Rollout> rescored = Rescorer.rescore(env, RolloutFile.read(file).rollouts(), new LocalSandboxProvider());
 * Rescorer.Outcome o = Rescorer.run(env, saved, sandboxes);
 * if (o.sandboxReads() > 0) System.err.println(o.sandboxWarning());
 * }</pre>
 */
public final class Rescorer {
  private Rescorer() {}

  /**
   * The rescored rollouts, in the order given, and how many of their rewards read the sandbox (ran a
   * command, read or downloaded a file, called a tool): those saw a freshly prepared sandbox.
   */
  public record Outcome(List<Rollout> rollouts, int sandboxReads) {
    /** One sentence for the user, or {@code null} when no reward read the sandbox. */
    public String sandboxWarning() {
      if (sandboxReads == 0) {
        return null;
      }
      return "warning: the reward read the sandbox in " + sandboxReads + " of " + rollouts.size()
          + " rollouts; rescore gives it a freshly prepared sandbox without the agent's changes, so those"
          + " scores may differ from a real run: re-run them with the replay model to rebuild the agent's files";
    }
  }

  public static List<Rollout> rescore(Environment env, List<Rollout> saved, SandboxProvider sandboxes) {
    return run(env, saved, sandboxes).rollouts();
  }

  /** Rescores {@code saved}; a shared MCP server that does not start fails every rollout's reward with its reason. */
  public static Outcome run(Environment env, List<Rollout> saved, SandboxProvider sandboxes) {
    McpServers shared;
    try {
      shared = McpServers.start(McpServers.withScope(env.mcpServers(), McpServer.Scope.SHARED), null);
    } catch (ToolException e) {
      List<Rollout> failed = new ArrayList<>();
      saved.forEach(r -> failed.add(r.withReward(Reward.ZERO, "reward failed: " + e.getMessage())));
      return new Outcome(failed, 0);
    }
    try (shared) {
      ToolRegistry tools = RolloutExecution.toolsOf(env).plus(shared.tools());
      List<McpServer> perRollout = McpServers.withScope(env.mcpServers(), McpServer.Scope.ROLLOUT);
      List<Rollout> out = new ArrayList<>(saved.size());
      int reads = 0;
      for (Rollout r : saved) {
        boolean[] read = new boolean[1];
        out.add(rescoreOne(env, r, tools, perRollout, sandboxes, read));
        reads += read[0] ? 1 : 0;
      }
      return new Outcome(out, reads);
    }
  }

  private static Rollout rescoreOne(Environment env, Rollout r, ToolRegistry shared, List<McpServer> perRollout, SandboxProvider sandboxes,
      boolean[] read) {
    Item item = Item.of(r.itemId(), r.item());
    List<String> reasoning = new ArrayList<>();
    for (Message m : r.messages()) {
      if (m.role().equals("assistant")) {
        reasoning.add(m.reasoning());
      }
    }
    AgentResult result = new AgentResult(r.messages(), r.turns(), r.stopReason() == null ? StopReason.NATURAL : r.stopReason(),
        r.toolErrors(), reasoning, r.usage(), null);
    try (Sandbox sandbox = sandboxes.create("rescore-" + r.key().itemIndex() + "-" + r.sample(), env.sandboxSpec(item));
        McpServers servers = RolloutExecution.startIn(sandbox, perRollout)) {
      ToolRegistry tools = shared.plus(servers.tools());
      Limits limits = env.limits(item);
      ToolContext ctx = new ToolContext(sandbox, tools, limits);
      UserCode.run(UserCode.Stage.PREPARE, Deadline.after(limits.wallTime()), () -> {
        env.prepare(item, ctx);
        return null;
      });
      ToolContext rewardCtx = new ToolContext(sandbox, tools, limits);
      Reward computed;
      try {
        computed = UserCode.run(UserCode.Stage.REWARD, Deadline.after(env.rewardTimeout(item)), () -> env.computeReward(item, result, rewardCtx));
      } finally {
        read[0] = rewardCtx.sandboxRead();
      }
      Reward reward = computed == null ? Reward.ZERO : computed;
      String problem = RolloutExecution.rewardProblem(reward, env.config());
      return problem != null ? r.withReward(Reward.ZERO, problem) : r.withReward(reward, r.ok() ? null : r.error());
    } catch (UserCode.Failed e) {
      return r.withReward(Reward.ZERO, e.getMessage());
    } catch (Throwable e) {
      return r.withReward(Reward.ZERO, "reward failed: " + Failures.describe(e));
    }
  }
}
