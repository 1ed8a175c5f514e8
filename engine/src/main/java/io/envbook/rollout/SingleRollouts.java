package io.envbook.rollout;

import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.model.ChatModel;
import io.envbook.model.ToolCallParser;
import io.envbook.parsers.ToolCallParsers;
import io.envbook.sandbox.SandboxProvider;
import io.envbook.tools.ToolException;
import io.envbook.tools.ToolRegistry;
import io.envbook.tools.mcp.McpServer;
import io.envbook.tools.mcp.McpServers;

/**
 * One rollout at a time, each on a model of its own: for callers whose "model" is something else
 * driving the conversation, such as a trainer stepping an environment server's episode. The rollout
 * runs as every other does (fresh sandbox, {@code prepare}, the agent loop with the environment's
 * tools and limits, the reward in the same sandbox, clean-up) and never throws. The environment's
 * shared MCP servers start with this object and serve every rollout until it is closed; the others
 * start for each rollout.
 *
 * <pre>{@code
 * try (SingleRollouts rollouts = new SingleRollouts(env, sandboxes)) {
 *   Rollout r = rollouts.run(item, new RolloutKey(0, item.id(), 0), episodeModel);
 * }
 * }</pre>
 */
public final class SingleRollouts implements AutoCloseable {
  private final Environment env;
  private final SandboxProvider sandboxes;
  private final McpServers shared;
  private final ToolRegistry tools;
  private final ToolCallParser parser;

  /** Starts the environment's shared MCP servers; a server that cannot start is the exception. */
  public SingleRollouts(Environment env, SandboxProvider sandboxes) throws ToolException {
    this.env = env;
    this.sandboxes = sandboxes;
    this.shared = McpServers.start(McpServers.withScope(env.mcpServers(), McpServer.Scope.SHARED), null);
    this.tools = RolloutExecution.toolsOf(env).plus(shared.tools());
    this.parser = ToolCallParsers.get(env.config().toolCallParser());
  }

  /** The tools of this environment's rollouts (those of per-rollout MCP servers join each rollout when it starts). */
  public ToolRegistry tools() {
    return tools;
  }

  public Rollout run(Item item, RolloutKey key, ChatModel model) {
    return new RolloutExecution(env, model, sandboxes, tools, parser, McpServers.withScope(env.mcpServers(), McpServer.Scope.ROLLOUT))
        .run(item, key);
  }

  /** Stops the shared MCP servers. */
  @Override
  public void close() {
    shared.close();
  }
}
