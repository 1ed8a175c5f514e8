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
import io.envbook.tools.ToolRegistry;
import io.envbook.util.Deadline;
import io.envbook.util.Failures;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an environment's reward again on saved rollouts, without calling the model: each rollout's
 * conversation becomes its {@link AgentResult} again, and the reward gets a fresh sandbox, prepared
 * as for a new rollout. A reward that reads only the transcript gives what it would have given in the
 * run; one that reads the agent's files sees the prepared sandbox, not the agent's changes (re-run
 * with the {@code replay} model to rebuild those).
 *
 * <pre>{@code
 * List<Rollout> rescored = Rescorer.rescore(env, RolloutFile.read(file).rollouts(), new LocalSandboxProvider());
 * }</pre>
 */
public final class Rescorer {
  private Rescorer() {}

  public static List<Rollout> rescore(Environment env, List<Rollout> saved, SandboxProvider sandboxes) {
    ToolRegistry tools = RolloutExecution.toolsOf(env);
    List<Rollout> out = new ArrayList<>(saved.size());
    for (Rollout r : saved) {
      out.add(rescoreOne(env, r, tools, sandboxes));
    }
    return out;
  }

  private static Rollout rescoreOne(Environment env, Rollout r, ToolRegistry tools, SandboxProvider sandboxes) {
    Item item = Item.of(r.itemId(), r.item());
    List<String> reasoning = new ArrayList<>();
    for (Message m : r.messages()) {
      if (m.role().equals("assistant")) {
        reasoning.add(m.reasoning());
      }
    }
    AgentResult result = new AgentResult(r.messages(), r.turns(), r.stopReason() == null ? StopReason.NATURAL : r.stopReason(),
        r.toolErrors(), reasoning, r.usage(), null);
    try (Sandbox sandbox = sandboxes.create("rescore-" + r.key().itemIndex() + "-" + r.sample(), env.sandboxSpec(item))) {
      Limits limits = env.limits(item);
      ToolContext ctx = new ToolContext(sandbox, tools, limits);
      UserCode.run(UserCode.Stage.PREPARE, Deadline.after(limits.wallTime()), () -> {
        env.prepare(item, ctx);
        return null;
      });
      Reward computed = UserCode.run(UserCode.Stage.REWARD, Deadline.after(env.rewardTimeout(item)), () -> env.computeReward(item, result, ctx));
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
