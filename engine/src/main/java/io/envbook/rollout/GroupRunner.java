package io.envbook.rollout;

import io.envbook.env.Environment;
import io.envbook.env.EvalRunner;
import io.envbook.env.Item;
import io.envbook.model.ChatModel;
import io.envbook.parsers.ToolCallParsers;
import io.envbook.sandbox.SandboxProvider;
import io.envbook.tools.ToolException;
import io.envbook.tools.mcp.McpServer;
import io.envbook.tools.mcp.McpServers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one group at a time on demand (the rollouts of one item, each on its own virtual thread), for
 * callers that decide themselves when to run what, like the Atropos {@code serve} loop. The
 * environment's shared MCP servers ({@code scope: 'shared'}) start with the runner and serve every
 * rollout until it is closed; the others start for each rollout.
 *
 * <pre>{@code
 * try (GroupRunner groups = new GroupRunner(env, model, sandboxes)) {
 *   RolloutGroup g = groups.run(item, 0, 4);
 * }
 * }</pre>
 */
public final class GroupRunner implements AutoCloseable {
  private final McpServers shared;
  private final RolloutExecution execution;

  /** Starts the environment's shared MCP servers; a server that cannot start is the exception. */
  public GroupRunner(Environment env, ChatModel model, SandboxProvider sandboxes) throws ToolException {
    this.shared = McpServers.start(McpServers.withScope(env.mcpServers(), McpServer.Scope.SHARED), null);
    this.execution = new RolloutExecution(env, model, sandboxes, RolloutExecution.toolsOf(env).plus(shared.tools()),
        ToolCallParsers.get(env.config().toolCallParser()), McpServers.withScope(env.mcpServers(), McpServer.Scope.ROLLOUT));
  }

  /** Stops the shared MCP servers. */
  @Override
  public void close() {
    shared.close();
  }

  /** Evaluation rollouts on this runner's model and sandboxes: one group per item, items in turn. */
  public EvalRunner evalRunner() {
    return (items, samples) -> {
      List<Rollout> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        out.addAll(run(items.get(i), i, samples).rollouts());
      }
      return out;
    };
  }

  /**
   * Runs {@code size} rollouts of {@code item} at once and returns them as a group. Interrupted, it
   * interrupts its rollouts, waits for them to clean up their sandboxes, and throws.
   */
  public RolloutGroup run(Item item, int itemIndex, int size) throws InterruptedException {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Rollout>> futures = new ArrayList<>();
      for (int s = 0; s < size; s++) {
        RolloutKey key = new RolloutKey(itemIndex, item.id(), s);
        futures.add(pool.submit(() -> execution.run(item, key)));
      }
      List<Rollout> rollouts = new ArrayList<>();
      try {
        for (Future<Rollout> f : futures) {
          rollouts.add(f.get());
        }
      } catch (InterruptedException e) {
        pool.shutdownNow();
        throw e;
      }
      return new RolloutGroup(itemIndex, item.id(), rollouts);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a rollout crashed: " + e.getCause(), e.getCause());
    }
  }
}
