package io.envbook.dsl;

import groovy.lang.Closure;
import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.EvalReport;
import io.envbook.env.EvalRunner;
import io.envbook.env.Item;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.loop.AgentResult;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ScriptedModel;
import io.envbook.tools.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An environment declared in a script. Its dataset is read by {@link #setup()}; items come in file
 * order, once each. Closures see an item as a map of its fields (with {@code id}).
 */
public final class DslEnvironment implements Environment {
  private final EnvDefinition definition;
  private final EnvConfig config;
  private List<Item> items;
  private DatasetSource.Rows rows;
  private boolean first;
  private boolean exhausted;
  private volatile ChatModel judgeOverride;

  DslEnvironment(EnvDefinition definition) {
    this.definition = definition;
    this.config = EnvConfig.builder(definition.name())
        .groupSize(definition.group())
        .systemPrompt(definition.system())
        .toolsets(definition.toolsets())
        .toolCallParser(definition.parser())
        .sandbox(definition.sandbox(), definition.sandboxSettings())
        .temperature(definition.temperature())
        .limits(definition.limits())
        .rewardRange(definition.rewardRange())
        .build();
  }

  @Override
  public EnvConfig config() {
    return config;
  }

  /** Opens the dataset again from its first row; rows are read as {@link #nextItem()} asks for them. */
  @Override
  public synchronized void setup() {
    closeRows();
    rows = definition.dataset().open(definition.script());
    first = true;
  }

  /** The dataset's items, read whole. */
  public List<Item> items() {
    if (items == null) {
      items = definition.dataset().load(definition.script()).items();
    }
    return items;
  }

  @Override
  public synchronized Item nextItem() {
    if (rows == null && !exhausted) {
      setup();
    }
    if (exhausted) {
      return null;
    }
    Item item = rows.next();
    if (item == null && first) {
      rows.requireItems();
    }
    first = false;
    if (item == null) {
      closeRows(); // the file is let go as soon as it is read to its end
      exhausted = true;
    }
    return item;
  }

  private void closeRows() {
    if (rows != null) {
      rows.close();
      rows = null;
    }
    exhausted = false;
  }

  @Override
  public String formatPrompt(Item item) {
    try {
      Object text = definition.prompt().call(view(item));
      if (text == null) {
        throw definition.script().error(definition.promptLine(), "the prompt returned nothing for item `" + item.id() + "`: return the text to send");
      }
      return text.toString();
    } catch (DslException e) {
      throw e;
    } catch (Throwable e) {
      throw definition.script().error(lineOr(e, definition.promptLine()), "the prompt failed for item `" + item.id() + "`: " + DslLoader.describe(e));
    }
  }

  @Override
  public void prepare(Item item, ToolContext ctx) {
    if (definition.prepare() == null) {
      return;
    }
    try {
      definition.prepare().call(view(item), ctx);
    } catch (Throwable e) {
      throw definition.script().error(lineOr(e, definition.prepareLine()), DslLoader.describe(e));
    }
  }

  @Override
  public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
    Object[] args = switch (definition.reward().getMaximumNumberOfParameters()) {
      case 0 -> new Object[0];
      case 1 -> new Object[] {view(item)};
      case 2 -> new Object[] {view(item), result};
      default -> new Object[] {view(item), result, ctx};
    };
    RewardScope scope = new RewardScope(definition.weights(), definition.script(), view(item), result, judgeModel(),
        new ChatRequest.Origin(ctx == null ? "" : ctx.taskId(), item.id(), item.fields(), 0, 0));
    Object value;
    try {
      value = Blocks.callWith(definition.reward(), scope, args);
    } catch (Throwable e) {
      throw definition.script().error(lineOr(e, definition.rewardLine()), DslLoader.describe(e));
    }
    Reward reward;
    try {
      reward = RewardValues.toReward(value, definition.weights()).withVerdicts(scope.verdicts());
    } catch (IllegalArgumentException e) {
      throw definition.script().error(definition.rewardLine(), e.getMessage());
    }
    String problem = config.rewardRange().problem(reward);
    if (problem != null) {
      throw definition.script().error(definition.rewardLine(), problem + ": return a reward from " + config.rewardRange()
          + ", or declare the range rewards take with rewardRange LOW, HIGH");
    }
    return reward;
  }

  @Override
  public List<Tool> tools() {
    return List.copyOf(definition.tools());
  }

  /**
   * The dataset, and the source of the prompt, prepare, reward and tool closures with the weights,
   * for a rollout file's provenance (the config and tool schemas are recorded beside them).
   */
  @Override
  public Map<String, String> provenance() {
    ScriptContext script = definition.script();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("dataset", definition.dataset().toString());
    facts.put("prompt", script.closureText("prompt", definition.promptLine(), definition.prompt()));
    if (definition.prepare() != null) {
      facts.put("prepare", script.closureText("prepare", definition.prepareLine(), definition.prepare()));
    }
    facts.put("reward", script.closureText("reward", definition.rewardLine(), definition.reward()));
    if (!definition.weights().isEmpty()) {
      StringBuilder w = new StringBuilder();
      new java.util.TreeMap<>(definition.weights()).forEach((k, v) -> w.append(w.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
      facts.put("weights", w.toString());
    }
    for (ClosureTool t : definition.tools()) {
      facts.put("tool:" + t.name() + ":body", t.source());
    }
    return facts;
  }

  @Override
  public List<io.envbook.tools.mcp.McpServer> mcpServers() {
    return definition.mcpServers();
  }

  @Override
  public ScriptedModel.Policy scriptedPolicy() {
    return definition.scripted();
  }

  /** The model {@code judge('rubric')} asks: the one given to {@link #useJudgeModel}, else the script's {@code judge ...}, or {@code null}. */
  public ChatModel judgeModel() {
    return judgeOverride != null ? judgeOverride : definition.judgeModel();
  }

  /** Replaces the judge model the script declared (the command line's {@code --judge-model}); {@code null} goes back to it. */
  public void useJudgeModel(ChatModel model) {
    this.judgeOverride = model;
  }

  /** The model the script declared with {@code model openai(...)} or {@code model replay(...)}, or {@code null}. */
  public ChatModel declaredModel() {
    return definition.model();
  }

  /**
   * Runs the script's {@code evaluate { }} block with an {@link EvalScope}; the block returns metric
   * names and numbers. Without a block there is no evaluation.
   */
  @Override
  public EvalReport evaluate(EvalRunner runner) {
    if (definition.evaluate() == null) {
      return EvalReport.NONE;
    }
    EvalScope scope = new EvalScope(runner, definition.script());
    Object out;
    try {
      out = Blocks.callWith(definition.evaluate(), scope, definition.evaluate().getMaximumNumberOfParameters() == 0
          ? new Object[0] : new Object[] {scope});
    } catch (RuntimeException e) {
      throw definition.script().error(lineOr(e, definition.evaluateLine()), "evaluate failed: " + DslLoader.describe(e));
    }
    if (!(out instanceof Map<?, ?> m)) {
      throw definition.script().error(definition.evaluateLine(),
          "evaluate returned " + (out == null ? "nothing" : "a " + out.getClass().getSimpleName()) + ": return a map of metric names to numbers");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    m.forEach((k, v) -> metrics.put(String.valueOf(k), RewardValues.number(String.valueOf(k), v).doubleValue()));
    return new EvalReport(metrics);
  }

  private int lineOr(Throwable e, int fallback) {
    int line = ScriptLines.lineOf(e, definition.script().fileName());
    return line > 0 ? line : fallback;
  }

  static Map<String, Object> view(Item item) {
    Map<String, Object> m = new LinkedHashMap<>(item.fields());
    m.putIfAbsent("id", item.id());
    return m;
  }
}
