package io.envbook.rollout;

import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.model.ChatModel;
import io.envbook.model.ToolCallParser;
import io.envbook.parsers.ToolCallParsers;
import io.envbook.sandbox.SandboxProvider;
import io.envbook.tools.ToolRegistry;

/**
 * One rollout at a time, each on a model of its own: for callers whose "model" is something else
 * driving the conversation, such as a trainer stepping an environment server's episode. The rollout
 * runs as every other does (fresh sandbox, {@code prepare}, the agent loop with the environment's
 * tools and limits, the reward in the same sandbox, clean-up) and never throws.
 *
 * <pre>{@code
 * SingleRollouts rollouts = new SingleRollouts(env, sandboxes);
 * Rollout r = rollouts.run(item, new RolloutKey(0, item.id(), 0), episodeModel);
 * }</pre>
 */
public final class SingleRollouts {
  private final Environment env;
  private final SandboxProvider sandboxes;
  private final ToolRegistry tools;
  private final ToolCallParser parser;

  public SingleRollouts(Environment env, SandboxProvider sandboxes) {
    this.env = env;
    this.sandboxes = sandboxes;
    this.tools = RolloutExecution.toolsOf(env);
    this.parser = ToolCallParsers.get(env.config().toolCallParser());
  }

  /** The tools of this environment's rollouts. */
  public ToolRegistry tools() {
    return tools;
  }

  public Rollout run(Item item, RolloutKey key, ChatModel model) {
    return new RolloutExecution(env, model, sandboxes, tools, parser, env.mcpServers()).run(item, key);
  }
}
