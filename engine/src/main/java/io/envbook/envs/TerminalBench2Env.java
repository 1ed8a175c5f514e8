package io.envbook.envs;

import io.envbook.env.EnvConfig;
import io.envbook.env.Item;
import io.envbook.env.Limits;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.harbor.HarborTask;
import io.envbook.harbor.HarborTasks;
import io.envbook.harbor.TaskRun;
import io.envbook.json.Json;
import io.envbook.loop.AgentResult;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import io.envbook.sandbox.ExecRequest;
import io.envbook.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hermes' TerminalBench2EvalEnv on tasks as TerminalBench 2 publishes them (Harbor's layout, see
 * {@link HarborTask}): each task's instruction is the prompt (no system prompt); its sandbox is its
 * image (its {@code docker_image}, else built from its Dockerfile; on {@code bubblewrap} the
 * Dockerfile followed over this machine) with its CPUs, memory, disk and network; the agent works in
 * {@code /app}; after it, the tests are copied to {@code /tests} and {@code bash /tests/test.sh} runs
 * from {@code /app}, and the reward is read from {@code /logs/verifier} ({@link TaskRun}). Defaults as
 * Hermes': 60 turns, temperature 0.6, 300 s per command, 180 s for the tests, 1,800 s per task; a
 * task's own {@code [agent] timeout_sec} and {@code [verifier] timeout_sec} win. Each task's
 * {@code solution/solve.sh} is its reference solution for the oracle agent ({@code --model oracle}).
 *
 * <p>Settings: {@code dataset} (a task directory, a folder of them, a file of dataset rows, or a
 * Hugging Face name, default {@code NousResearch/terminal-bench-2}), {@code split}, {@code config},
 * {@code file} (one data file of the Hugging Face repository instead of the dataset viewer),
 * {@code task_timeout}, {@code test_timeout}, {@code terminal_timeout} (seconds), {@code max_turns},
 * {@code temperature}, {@code group}, {@code sandbox}.
 *
 * <pre>{@code
 * envbook eval terminal-bench-2 --set dataset=examples/harbor --sandbox bubblewrap --model oracle
 * }</pre>
 *
 * <p>The built-in scripted model looks around and gives up: every task scores what its tests give an
 * untouched sandbox.
 */
public class TerminalBench2Env extends ItemListEnvironment {
  public static final String NAME = "terminal-bench-2";
  static final Set<String> SETTINGS = Set.of("dataset", "split", "config", "file", "task_timeout", "test_timeout", "terminal_timeout",
      "max_turns", "temperature", "group", "sandbox");

  private final EnvSettings settings;
  private final String datasetRepo;
  private final Duration testTimeout;
  private final Map<String, HarborTask> tasks = new ConcurrentHashMap<>();

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

  /** The tasks of the {@code dataset} setting: task directories as they are, dataset rows unpacked into tasks. */
  @Override
  List<Item> loadItems() {
    String spec = settings.text("dataset", datasetRepo);
    List<Item> items = new ArrayList<>();
    if (HarborTasks.isTaskFolder(Path.of(spec))) {
      for (HarborTask t : HarborTasks.load(Path.of(spec))) {
        Map<String, Object> fields = new LinkedHashMap<>(t.metadata());
        fields.put("task_name", t.name());
        fields.put("instruction", t.instruction());
        items.add(add(t, fields));
      }
    } else {
      for (Item row : TaskData.load(settings, datasetRepo, null, "train", "task_name")) {
        items.add(add(HarborTasks.fromRow(row.fields()), row.fields()));
      }
    }
    return items;
  }

  private Item add(HarborTask task, Map<String, Object> fields) {
    tasks.put(task.name(), task);
    return Item.of(task.name(), fields);
  }

  /** The task an item stands for. */
  protected HarborTask task(Item item) {
    HarborTask t = tasks.get(item.id());
    if (t == null) {
      throw new IllegalArgumentException("item " + item.id() + " is not one of the tasks of " + config().name());
    }
    return t;
  }

  @Override
  public String formatPrompt(Item item) {
    return task(item).instruction();
  }

  /** The task's own agent timeout bounds its rollouts' wall time. */
  @Override
  public Limits limits(Item item) {
    Duration own = task(item).agentTimeout();
    return own == null ? config().limits() : config().limits().withWallTime(own);
  }

  /** The task's own verifier timeout, else the {@code test_timeout} setting, and a minute to copy the tests in and the reward out. */
  @Override
  public Duration rewardTimeout(Item item) {
    return testTimeout(item).plusMinutes(1);
  }

  private Duration testTimeout(Item item) {
    Duration own = task(item).verifierTimeout();
    return own == null ? testTimeout : own;
  }

  @Override
  public String image(Item item) {
    return task(item).dockerImage();
  }

  @Override
  public SandboxSpec sandboxSpec(Item item) {
    return TaskRun.spec(task(item)).withImage(image(item));
  }

  @Override
  public void prepare(Item item, ToolContext ctx) throws Exception {
    TaskRun.prepare(task(item), ctx.sandbox());
  }

  @Override
  public Reward computeReward(Item item, AgentResult result, ToolContext ctx) throws Exception {
    return TaskRun.verify(task(item), ctx.sandbox(), testTimeout(item));
  }

  @Override
  public ExecRequest referenceSolution(Item item, ToolContext ctx) throws Exception {
    return TaskRun.solution(task(item), ctx.sandbox());
  }

  @Override
  public ScriptedModel.Policy scriptedPolicy() {
    return ctx -> ctx.turn() == 0
        ? Message.assistant("Let me look around first.", List.of(new ToolCall(null, "terminal", Json.write(Map.of("command", "ls -la")))))
        : Message.assistant("I could not finish this task.");
  }
}
