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
import java.util.List;
import java.util.Map;

/**
 * Hermes' TerminalTestEnv: the stack's smoke test. Each task asks the agent to create a file in its
 * home directory with exact content; the reward reads the file back through the rollout's sandbox:
 * 1.0 for an exact match (trimmed), 0.5 when the expected text is contained, 0 otherwise or when the
 * file is missing. Group size 3, 10 turns, tools {@code terminal} and {@code file}.
 *
 * <p>Its scripted policy plays three kinds of agent across the samples of a group, so offline runs
 * show the whole reward range: sample 0 writes the file exactly, sample 1 writes it with an extra
 * line, sample 2 writes to the wrong file.
 */
public final class TerminalTestEnv extends ItemListEnvironment {
  public static final String NAME = "terminal-test";

  /** The three training tasks of Hermes' TerminalTestEnv. */
  public static final List<Item> TASKS = List.of(
      task("greeting", "~/greeting.txt", "Hello from Hermes Agent"),
      task("count", "~/count.txt", "1\n2\n3\n4\n5"),
      task("answer", "~/answer.txt", "579"));

  private static final EnvConfig CONFIG = EnvConfig.builder(NAME)
      .groupSize(3)
      .systemPrompt("You are a helpful assistant with terminal and file tools. Complete the task the user gives you, "
          + "then say briefly what you did.")
      .toolsets("terminal", "file")
      .limits(Limits.DEFAULT.withMaxTurns(10))
      .build();

  public TerminalTestEnv() {
    super(CONFIG);
  }

  @Override
  List<Item> loadItems() {
    return TASKS;
  }

  @Override
  public String formatPrompt(Item item) {
    return item.text("prompt");
  }

  @Override
  public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
    ExecResult cat = ctx.terminal("cat " + item.text("path"));
    if (cat.exitCode() != 0) {
      return Reward.ZERO.withExplanation("file " + item.text("path") + " is missing");
    }
    String expected = item.text("content").strip();
    String actual = cat.output().strip();
    if (actual.equals(expected)) {
      return Reward.of(1.0).withExplanation("exact match");
    }
    if (actual.contains(expected)) {
      return Reward.of(0.5).withExplanation("expected text found among other text");
    }
    return Reward.ZERO.withExplanation("content differs");
  }

  @Override
  public ScriptedModel.Policy scriptedPolicy() {
    return ctx -> {
      if (ctx.turn() > 0) {
        return Message.assistant("Done: the file is written.");
      }
      String path = String.valueOf(ctx.item().get("path"));
      String content = String.valueOf(ctx.item().get("content"));
      String command = switch (ctx.sample() % 3) {
        case 0 -> "printf '%s\\n' " + quote(content) + " > " + path;
        case 1 -> "printf '%s\\nwritten by the scripted agent\\n' " + quote(content) + " > " + path;
        default -> "printf '%s\\n' " + quote(content) + " > " + path + ".bak";
      };
      String args = Json.write(Map.of("command", command));
      return Message.assistant("I will write the file with the terminal.", List.of(new ToolCall(null, "terminal", args)));
    };
  }

  private static Item task(String id, String path, String content) {
    String shown = content.replace("\n", "\\n");
    return Item.of(id, Map.of(
        "id", id,
        "path", path,
        "content", content,
        "prompt", "Create a file at " + path + " containing exactly: " + shown
            + (content.contains("\n") ? " (each \\n is a line break)" : "")));
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
