package io.envbook.envs;

import io.envbook.env.EnvConfig;
import io.envbook.env.Item;
import io.envbook.env.Limits;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.loop.AgentResult;
import io.envbook.model.ScriptedModel;
import io.envbook.sandbox.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hermes' YCBenchEvalEnv: the agent is the CEO of a simulated AI start-up and drives the
 * {@code yc-bench} simulator from the terminal. There is no dataset: the items are presets × seeds
 * (default {@code fast_test}, {@code medium}, {@code hard} × 1, 2, 3). Each rollout gets its own SQLite
 * database in its sandbox ({@code DATABASE_URL}, {@code YC_BENCH_EXPERIMENT}), initialised with
 * {@code yc-bench sim init} (3 years for the {@code default} preset, else 1). The score, read from the
 * database afterwards: 0.5 × survived (funds ≥ 0 and no bankruptcy) + 0.5 ×
 * min(log1p(funds_cents / 25,000,000) / log1p(100), 1), as reward parts {@code survival} and
 * {@code funds}; the preset is the item's category. 200 turns, temperature 0, 60 s per command.
 *
 * <p>Settings: {@code presets}, {@code seeds} (comma-separated), {@code command} (the simulator:
 * {@code yc-bench} on the PATH by default, or a path such as the stand-in
 * {@code examples/yc_bench/yc-bench}), {@code max_turns}, {@code run_timeout} (seconds), {@code group},
 * {@code sandbox}.
 *
 * <pre>{@code
 * envbook eval yc-bench --set command=examples/yc_bench/yc-bench --set presets=fast_test --epochs 3
 * }</pre>
 */
public final class YcBenchEnv extends ItemListEnvironment {
  public static final String NAME = "yc-bench";
  private static final Set<String> SETTINGS = Set.of("presets", "seeds", "command", "max_turns", "run_timeout", "group", "sandbox");
  static final String SYSTEM_PROMPT = """
      You are the CEO of BenchCo, an AI start-up, in a business simulation you control with the `yc-bench` \
      command in the terminal. You start with $250,000. Your employees work in four domains: research, inference, \
      data_environment and training. Clients post tasks on the market; each needs a minimum company prestige \
      (1-10), pays on completion and raises your prestige. Payroll is paid on the first of every month; if funds \
      fall below zero the company is bankrupt and the run ends. Keep the company alive to the horizon and end \
      with as much money as you can.

      Commands (each prints JSON):
        yc-bench company status                       funds, prestige, date, idle employees
        yc-bench employee list                        employees, their domains and salaries
        yc-bench market browse --required-prestige-lte N
        yc-bench task accept TASK_ID
        yc-bench task assign TASK_ID EMPLOYEE_ID      an employee outside the task's domain takes twice as long
        yc-bench task dispatch TASK_ID                start the work
        yc-bench task list
        yc-bench sim resume                           advance to the next payday (finished tasks pay out)""";
  static final String USER_PROMPT = "Start with `yc-bench company status`, `yc-bench employee list` and "
      + "`yc-bench market browse --required-prestige-lte 1`; then accept, assign and dispatch tasks and "
      + "`yc-bench sim resume` until the simulation ends.";

  private final EnvSettings settings;
  private final String command;

  public YcBenchEnv(EnvSettings settings) {
    super(config(settings));
    this.settings = settings;
    this.command = settings.text("command", "yc-bench");
  }

  /** Presets × seeds, each preset also the items' category. */
  @Override
  List<Item> loadItems() {
    List<Item> items = new ArrayList<>();
    for (String preset : settings.list("presets", List.of("fast_test", "medium", "hard"))) {
      for (String seed : settings.list("seeds", List.of("1", "2", "3"))) {
        items.add(Item.of(preset + "-seed" + seed, Map.of("preset", preset, "seed", seed, "category", preset)));
      }
    }
    return items;
  }

  private static EnvConfig config(EnvSettings settings) {
    settings.checkKnown(NAME, SETTINGS);
    return EnvConfig.builder(NAME)
        .groupSize(settings.integer("group", 1))
        .systemPrompt(SYSTEM_PROMPT)
        .toolsets("terminal")
        .sandbox(settings.text("sandbox", "local"))
        .temperature(0.0)
        .limits(Limits.DEFAULT.withMaxTurns(settings.integer("max_turns", 200))
            .withWallTime(settings.seconds("run_timeout", 3600))
            .withToolTimeout(Duration.ofSeconds(60)))
        .build();
  }

  @Override
  public String formatPrompt(Item item) {
    return USER_PROMPT;
  }

  @Override
  public void prepare(Item item, ToolContext ctx) throws Exception {
    String workdir = ctx.sandbox().workdir();
    if (command.contains("/")) {
      Path simulator = Path.of(command).toAbsolutePath().normalize();
      if (!Files.isExecutable(simulator)) {
        throw new TaskSetupException("the simulator " + simulator + " does not exist or is not executable: fix the command setting");
      }
      // The simulator travels into the sandbox, so a container backend runs it as the local one does.
      ctx.uploadFile(simulator, ".bin/yc-bench");
      ExecResult path = ctx.terminal("chmod +x .bin/yc-bench && printf %s \"$PATH\"");
      ctx.sandbox().putEnv("PATH", workdir + "/.bin:" + path.output());
    }
    String preset = item.text("preset");
    ctx.sandbox().putEnv("DATABASE_URL", "sqlite:///" + workdir + "/yc_bench_" + preset + "_seed" + item.text("seed") + ".db");
    ctx.sandbox().putEnv("YC_BENCH_EXPERIMENT", preset);
    int years = preset.equals("default") ? 3 : 1;
    ExecResult init = ctx.terminal("yc-bench sim init --seed " + item.text("seed")
        + " --start-date 01/01/2025 --company-name BenchCo --horizon-years " + years, Duration.ofSeconds(120));
    if (init.exitCode() == 127) {
      throw new TaskSetupException("the yc-bench simulator is not installed (no `yc-bench` command): install it, or set "
          + "command=examples/yc_bench/yc-bench to use envbook's stand-in");
    }
    if (!init.ok()) {
      throw new TaskSetupException("`yc-bench sim init` failed: " + init.output().strip());
    }
  }

  private static final String READ_DB = """
      import json, os, sqlite3
      db = sqlite3.connect(os.environ["DATABASE_URL"][len("sqlite:///"):])
      funds = db.execute("SELECT funds_cents FROM companies LIMIT 1").fetchone()[0]
      last = db.execute("SELECT type FROM sim_events WHERE type IN ('bankruptcy', 'horizon_end') ORDER BY id DESC LIMIT 1").fetchone()
      print(json.dumps({"funds_cents": funds, "last_event": last[0] if last else None}))
      """;

  @Override
  public Reward computeReward(Item item, AgentResult result, ToolContext ctx) throws Exception {
    ctx.writeFile(".envbook_read_db.py", READ_DB);
    ExecResult read = ctx.terminal("python3 .envbook_read_db.py", Duration.ofSeconds(60));
    if (!read.ok()) {
      return Reward.ZERO.withExplanation("could not read the simulator's database: " + read.output().strip());
    }
    var state = io.envbook.json.Json.parse(read.output().strip());
    long funds = state.get("funds_cents").asLong();
    String last = state.get("last_event").isNull() ? null : state.get("last_event").asString();
    return score(funds, last);
  }

  /** Hermes' composite: 0.5 × survived + 0.5 × min(log1p(funds / 25,000,000) / log1p(100), 1). */
  static Reward score(long fundsCents, String lastEvent) {
    boolean survived = fundsCents >= 0 && !"bankruptcy".equals(lastEvent);
    double fundsScore = fundsCents <= 0 ? 0 : Math.min(Math.log1p(fundsCents / 25_000_000.0) / Math.log1p(100), 1.0);
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("survival", survived ? 1.0 : 0.0);
    parts.put("funds", fundsScore);
    return Reward.weighted(parts, Map.of("survival", 0.5, "funds", 0.5)).withExplanation(String.format(Locale.ROOT,
        "%s with $%,.0f%s", survived ? "survived" : "went bankrupt", fundsCents / 100.0,
        lastEvent == null ? " (the simulation had not reached its end)" : ""));
  }

  @Override
  public ScriptedModel.Policy scriptedPolicy() {
    return new YcBenchScriptedCeo();
  }
}
