package io.envbook.env;

import io.envbook.loop.AgentResult;
import io.envbook.model.ScriptedModel;
import io.envbook.tools.Tool;
import java.util.List;

/**
 * An agentic environment, as in the Hermes base environment: where items come from, how an item
 * becomes a prompt, which tools the agent gets, and how a finished rollout is scored.
 *
 * <p>The runner calls {@link #setup()} once, then {@link #nextItem()} for each item, runs a group of
 * rollouts on {@link #formatPrompt}, and scores each with {@link #computeReward} while the rollout's
 * sandbox is still alive (reachable through the {@link ToolContext}). The sandbox is cleaned up after
 * scoring, also when scoring throws.
 *
 * <pre>{@code
 * class Echo implements Environment {
 *   public EnvConfig config() { return EnvConfig.builder("echo").build(); }
 *   public Item nextItem() { return Item.of("0", Map.of("word", "hi")); }
 *   public String formatPrompt(Item item) { return "Say " + item.text("word"); }
 *   public Reward computeReward(Item item, AgentResult r, ToolContext ctx) {
 *     return Reward.of(r.finalText().contains(item.text("word")) ? 1 : 0);
 *   }
 * }
 * }</pre>
 */
public interface Environment {

  EnvConfig config();

  /** Loads data and prepares anything shared by all rollouts. Called once before the first item. */
  default void setup() throws Exception {}

  /**
   * The next item to run, or {@code null} when the dataset is exhausted. Items must come in the same
   * order after each {@link #setup()}, so an interrupted run can resume by item position.
   */
  Item nextItem() throws Exception;

  /** The user message for an item. */
  String formatPrompt(Item item);

  /** Scores a finished rollout; may inspect its sandbox through {@code ctx}. */
  Reward computeReward(Item item, AgentResult result, ToolContext ctx) throws Exception;

  /**
   * Prepares a rollout's fresh sandbox before the agent starts (task files, a repository to fix).
   * By default the sandbox starts empty.
   */
  default void prepare(Item item, ToolContext ctx) throws Exception {}

  /**
   * The limits of one item's rollouts: by default the config's. Benchmarks whose tasks carry their
   * own time budget override this (a TerminalBench task's {@code task_timeout}).
   */
  default Limits limits(Item item) {
    return config().limits();
  }

  /**
   * The container image an item's sandbox starts from on the {@code docker} and {@code kubernetes}
   * backends, or {@code null} for the backend's default image. Other backends ignore it.
   */
  default String image(Item item) {
    return null;
  }

  /**
   * What an item's sandbox is made from: by default {@link #image(Item)}, no network and the
   * backend's resources. Override it for a task that needs the network or more CPU or memory.
   */
  default io.envbook.sandbox.SandboxSpec sandboxSpec(Item item) {
    return io.envbook.sandbox.SandboxSpec.DEFAULT.withImage(image(item));
  }

  /**
   * How long scoring an item's rollout may take: by default its limits' wall time. Benchmarks whose
   * tasks give their tests a budget of their own override this (a Harbor task's verifier timeout).
   */
  default java.time.Duration rewardTimeout(Item item) {
    return limits(item).wallTime();
  }

  /**
   * An item's reference solution, for the oracle agent ({@code --model oracle}, {@link OracleAgent}):
   * puts what the solution needs in the rollout's fresh sandbox and returns the command that runs it
   * there (the same for every sample of the item), or {@code null} when the item has none.
   */
  default io.envbook.sandbox.ExecRequest referenceSolution(Item item, ToolContext ctx) throws Exception {
    return null;
  }

  /** Tools defined by this environment, beside the toolsets named in its config. */
  default List<Tool> tools() {
    return List.of();
  }

  /**
   * What defines this environment's rollouts beyond its {@link #config()} and {@link #tools()} (both
   * recorded anyway), as named facts for a rollout file's provenance, so a run resumes a file only
   * with the environment that wrote it: by default the class. A script-defined environment gives the
   * source of its prompt, reward and tools.
   */
  default java.util.Map<String, String> provenance() {
    return java.util.Map.of("class", getClass().getName());
  }

  /**
   * MCP servers whose tools join the rollout's, each started per rollout or shared by the run, as it
   * declares ({@link io.envbook.tools.mcp.McpServer.Scope}). By default there are none.
   */
  default List<io.envbook.tools.mcp.McpServer> mcpServers() {
    return List.of();
  }

  /**
   * How the built-in {@code scripted} model behaves in this environment, for offline demos and tests;
   * {@code null} when the environment has no script.
   */
  default ScriptedModel.Policy scriptedPolicy() {
    return null;
  }

  /**
   * The environment's own evaluation, as Atropos' {@code evaluate()}: typically held-out items run
   * through {@code runner}, summarised as named metrics. {@code envbook eval} adds them to its
   * metrics and {@code envbook serve} runs it every {@code --steps-per-eval} trainer steps. By
   * default an environment has none.
   */
  default EvalReport evaluate(EvalRunner runner) throws Exception {
    return EvalReport.NONE;
  }
}
