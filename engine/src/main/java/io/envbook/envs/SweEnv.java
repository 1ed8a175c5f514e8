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
import io.envbook.sandbox.ExecResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hermes' HermesSweEnv, a coding environment on HumanEvalPack-style tasks ({@code prompt},
 * {@code test}, {@code entry_point}): the prompt is the task's {@code prompt_field} followed by the
 * tests to pass; the agent writes {@code solution.py} with the terminal and file tools; the reward
 * runs the tests against it in the same sandbox (60 s): 1.0 when they pass, 0.1 when the agent wrote
 * Python files but the tests fail, 0 otherwise. Hermes meant the same partial credit but never created
 * the start marker it compared against; here {@link #prepare} does. 30 turns, groups of 4.
 *
 * <p>Settings: {@code dataset} (default {@code bigcode/humanevalpack}, config {@code python}, split
 * {@code test}), {@code split}, {@code config}, {@code file} (a repository data file), {@code prompt_field}
 * (default {@code prompt}),
 * {@code max_turns}, {@code group}, {@code sandbox}.
 *
 * <pre>{@code
 * envbook run hermes-swe --set dataset=examples/swe/data/tasks.jsonl
 * }</pre>
 *
 * <p>The scripted model writes the task's {@code canonical_solution} on sample 0 of each group of
 * three, its {@code buggy_solution} on sample 1, and nothing on sample 2.
 */
public final class SweEnv extends ItemListEnvironment {
  public static final String NAME = "hermes-swe";
  private static final Set<String> SETTINGS = Set.of("dataset", "split", "config", "file", "prompt_field", "max_turns", "group", "sandbox");
  private static final String START_MARKER = ".envbook_start_marker";

  private final EnvSettings settings;
  private final String promptField;

  public SweEnv(EnvSettings settings) {
    super(config(settings));
    this.settings = settings;
    this.promptField = settings.text("prompt_field", "prompt");
  }

  private static EnvConfig config(EnvSettings settings) {
    settings.checkKnown(NAME, SETTINGS);
    return EnvConfig.builder(NAME)
        .groupSize(settings.integer("group", 4))
        .systemPrompt("You are a software engineer with terminal and file tools. Solve the task in the working directory, "
            + "run the tests yourself, and stop when they pass.")
        .toolsets("terminal", "file")
        .sandbox(settings.text("sandbox", "local"))
        .limits(Limits.DEFAULT.withMaxTurns(settings.integer("max_turns", 30)))
        .build();
  }

  @Override
  List<Item> loadItems() {
    return TaskData.load(settings, "bigcode/humanevalpack", "python", "test", "task_id");
  }

  @Override
  public String formatPrompt(Item item) {
    Object task = item.get(promptField);
    if (task == null) {
      throw new EnvSettings.SettingError("item " + item.id() + " has no field `" + promptField + "` (its fields: "
          + String.join(", ", item.fields().keySet()) + "): set prompt_field to one of them");
    }
    return task + "\n\nTests to pass:\n" + tests(item) + "\n\nWrite the complete solution, imports included, to solution.py in "
        + "the working directory.";
  }

  private static String tests(Item item) {
    for (String field : List.of("test", "test_code", "tests")) {
      if (item.get(field) != null) {
        return item.text(field);
      }
    }
    return "";
  }

  @Override
  public void prepare(Item item, ToolContext ctx) throws Exception {
    ctx.writeFile(START_MARKER, "");
    ctx.terminal("touch -d '1 second ago' " + START_MARKER);
  }

  @Override
  public Reward computeReward(Item item, AgentResult result, ToolContext ctx) throws Exception {
    ExecResult wrote = ctx.terminal("find . -name '*.py' -newer " + START_MARKER + " -print -quit");
    String test = tests(item);
    String entry = item.text("entry_point");
    if (entry != null && test.lines().noneMatch(l -> l.startsWith("check("))) {
      test = test + "\n\ncheck(" + entry + ")\n";
    }
    ctx.writeFile(".envbook_tests.py", "from solution import *\n" + test);
    ExecResult run = ctx.terminal("python3 .envbook_tests.py", Duration.ofSeconds(60));
    if (run.exitCode() == 0) {
      return Reward.of(1.0).withExplanation("the tests pass");
    }
    String why = run.timedOut() ? "the tests ran past 60 s" : "the tests fail: " + lastLine(run.output());
    if (!wrote.output().isBlank()) {
      return Reward.of(0.1).withExplanation(why + " (partial credit: Python files were written)");
    }
    return Reward.ZERO.withExplanation(why + "; no Python file was written");
  }

  private static String lastLine(String text) {
    return text.strip().lines().reduce((a, b) -> b).orElse("no output");
  }

  @Override
  public ScriptedModel.Policy scriptedPolicy() {
    return ctx -> {
      if (ctx.turn() > 0) {
        return Message.assistant("Done.");
      }
      Object prompt = ctx.item().get("prompt");
      Object body = ctx.item().get(ctx.sample() % 3 == 0 ? "canonical_solution" : "buggy_solution");
      if (ctx.sample() % 3 == 2 || prompt == null || body == null) {
        return Message.assistant("Let me look first.", List.of(new ToolCall(null, "terminal", Json.write(Map.of("command", "ls")))));
      }
      String args = Json.write(Map.of("path", "solution.py", "content", prompt.toString() + body));
      return Message.assistant("I will write the solution.", List.of(new ToolCall(null, "write_file", args)));
    };
  }
}
