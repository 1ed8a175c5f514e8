package io.envbook.envs;

import io.envbook.env.EnvConfig;
import io.envbook.env.Item;
import io.envbook.env.Limits;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.json.Json;
import io.envbook.loop.AgentResult;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hermes' TerminalBench2EvalEnv: each task's instruction is the prompt (no system prompt), its files
 * are unpacked into the sandbox, and after the agent its tests run in the same sandbox (see
 * {@link TerminalBench}). Defaults as Hermes': 60 turns, temperature 0.6, 300 s per command, 180 s
 * for the tests, 1,800 s per task, a container per task from the task's {@code docker_image}.
 *
 * <p>Settings: {@code dataset} (a file or a Hugging Face name, default
 * {@code NousResearch/terminal-bench-2}), {@code split}, {@code config}, {@code file} (one data file of
 * the Hugging Face repository instead of the dataset viewer), {@code task_timeout},
 * {@code test_timeout}, {@code terminal_timeout} (seconds), {@code max_turns}, {@code temperature},
 * {@code group}, {@code sandbox}. A task's own {@code task_timeout} or {@code test_timeout} field wins
 * over the setting.
 *
 * <pre>{@code
 * envbook eval terminal-bench-2 --set dataset=examples/terminal_bench/data/tasks.jsonl --sandbox bubblewrap
 * }</pre>
 *
 * <p>The built-in scripted model plays the oracle on the first sample of a task that ships its
 * {@code solution_sh} (it runs it), and on the other samples looks around and gives up.
 */
public class TerminalBench2Env extends ItemListEnvironment {
  public static final String NAME = "terminal-bench-2";
  static final Set<String> SETTINGS = Set.of("dataset", "split", "config", "file", "task_timeout", "test_timeout", "terminal_timeout",
      "max_turns", "temperature", "group", "sandbox");

  private final EnvSettings settings;
  private final String datasetRepo;
  private final Duration testTimeout;

  public TerminalBench2Env(EnvSettings settings) {
    this(NAME, "NousResearch/terminal-bench-2", 1800, settings);
  }

  protected TerminalBench2Env(String name, String datasetRepo, int taskTimeoutSeconds, EnvSettings settings) {
    super(config(name, taskTimeoutSeconds, settings));
    this.settings = settings;
    this.datasetRepo = datasetRepo;
    this.testTimeout = settings.seconds("test_timeout", 180);
  }

  private static EnvConfig config(String name, int taskTimeoutSeconds, EnvSettings settings) {
    settings.checkKnown(name, SETTINGS);
    Limits limits = Limits.DEFAULT
        .withMaxTurns(settings.integer("max_turns", 60))
        .withWallTime(settings.seconds("task_timeout", taskTimeoutSeconds))
        .withToolTimeout(settings.seconds("terminal_timeout", 300));
    return EnvConfig.builder(name)
        .groupSize(settings.integer("group", 1))
        .toolsets("terminal", "file")
        .sandbox(settings.text("sandbox", "docker"))
        .temperature(settings.number("temperature", 0.6))
        .maxTokensPerCall(16_000)
        .limits(limits)
        .build();
  }

  @Override
  List<Item> loadItems() {
    return TaskData.load(settings, datasetRepo, null, "train", "task_name");
  }

  @Override
  public String formatPrompt(Item item) {
    return item.text("instruction");
  }

  /** A task's own {@code task_timeout} (seconds) bounds its rollouts' wall time. */
  @Override
  public Limits limits(Item item) {
    Object own = item.get("task_timeout");
    return own == null ? config().limits() : config().limits().withWallTime(Duration.ofSeconds(Long.parseLong(own.toString())));
  }

  @Override
  public String image(Item item) {
    return item.text("docker_image");
  }

  @Override
  public void prepare(Item item, ToolContext ctx) throws Exception {
    TerminalBench.prepare(item.fields(), ctx);
  }

  @Override
  public Reward computeReward(Item item, AgentResult result, ToolContext ctx) throws Exception {
    return TerminalBench.verify(item.fields(), ctx, testTimeout);
  }

  @Override
  public ScriptedModel.Policy scriptedPolicy() {
    return ctx -> {
      String solution = ctx.item().get("solution_sh") == null ? null : ctx.item().get("solution_sh").toString();
      if (ctx.turn() == 0) {
        String command = ctx.sample() == 0 && solution != null ? solution : "ls -la";
        String why = ctx.sample() == 0 && solution != null ? "I will run the reference solution." : "Let me look around first.";
        return Message.assistant(why, List.of(new ToolCall(null, "terminal", Json.write(Map.of("command", command)))));
      }
      return Message.assistant(ctx.sample() == 0 && solution != null ? "Done." : "I could not finish this task.");
    };
  }
}
