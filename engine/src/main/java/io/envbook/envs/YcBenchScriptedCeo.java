package io.envbook.envs;

import io.envbook.json.Json;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The built-in scripted model's play in {@link YcBenchEnv}, for offline demos and tests: it reads the
 * simulator's JSON answers from the conversation like an agent would. Three styles across a group's
 * samples, so runs show the whole score range: sample 0 keeps every idle employee on the best task of
 * their domain and resumes to the end; sample 1 only resumes the clock (payroll runs the company into
 * the ground); sample 2 works for a few rounds and then stops early.
 */
final class YcBenchScriptedCeo implements ScriptedModel.Policy {

  @Override
  public Message next(ScriptedModel.Context ctx) {
    if (ctx.turn() == 0) {
      return run("Let me see the company first.", "yc-bench company status && yc-bench employee list");
    }
    List<JsonNode> answers = answers(ctx.messages());
    JsonNode state = latest(answers, "idle_employees");
    if (state != null && state.hasNonNull("over")) {
      return Message.assistant("The simulation has ended: " + state.get("over").asString() + ".");
    }
    int style = ctx.sample() % 3;
    if (style == 1) {
      return run("Advancing the clock.", "yc-bench sim resume");
    }
    if (style == 2 && ctx.turn() > 6) {
      return Message.assistant("I will stop here and keep the cash we have.");
    }
    JsonNode last = answers.isEmpty() ? null : answers.get(answers.size() - 1);
    if (last != null && last.isArray() && (last.isEmpty() || last.get(0).has("required_prestige"))) {
      return run("Putting idle employees to work, then advancing.", dispatch(last, state, employees(answers)));
    }
    int prestige = state == null ? 1 : state.get("prestige").asInt();
    return run("Checking the market.", "yc-bench market browse --required-prestige-lte " + prestige);
  }

  /** accept, assign, dispatch the best task of each idle employee's domain, then resume. */
  private static String dispatch(JsonNode market, JsonNode state, Map<String, String> domains) {
    List<String> commands = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (JsonNode e : state == null ? Json.array() : state.get("idle_employees")) {
      String employee = e.asString();
      JsonNode best = null;
      for (JsonNode task : market) {
        if (taken.contains(task.get("id").asString()) || !task.get("domain").asString().equals(domains.get(employee))) {
          continue;
        }
        if (best == null || rate(task) > rate(best)) {
          best = task;
        }
      }
      if (best != null) {
        String id = best.get("id").asString();
        taken.add(id);
        commands.add("yc-bench task accept " + id + " && yc-bench task assign " + id + " " + employee + " && yc-bench task dispatch " + id);
      }
    }
    commands.add("yc-bench sim resume");
    return String.join("; ", commands);
  }

  private static double rate(JsonNode task) {
    return task.get("reward").asDouble() / task.get("work_days").asDouble();
  }

  private static Map<String, String> employees(List<JsonNode> answers) {
    Map<String, String> out = new java.util.HashMap<>();
    for (JsonNode a : answers) {
      if (a.isArray() && !a.isEmpty() && a.get(0).has("salary")) {
        a.forEach(e -> out.put(e.get("id").asString(), e.get("domain").asString()));
      }
    }
    return out;
  }

  /** The JSON documents the simulator printed, in order (one per output line). */
  private static List<JsonNode> answers(List<Message> messages) {
    List<JsonNode> out = new ArrayList<>();
    for (Message m : messages) {
      if (!m.role().equals("tool") || m.content() == null) {
        continue;
      }
      String output = Json.text(Json.parse(m.content()), "output");
      for (String line : output == null ? new String[0] : output.split("\n")) {
        if (line.startsWith("{") || line.startsWith("[")) {
          try {
            out.add(Json.parse(line));
          } catch (RuntimeException notJson) {
            // a line of other output
          }
        }
      }
    }
    return out;
  }

  private static JsonNode latest(List<JsonNode> answers, String field) {
    for (int i = answers.size() - 1; i >= 0; i--) {
      if (answers.get(i).has(field)) {
        return answers.get(i);
      }
    }
    return null;
  }

  private static Message run(String text, String command) {
    return Message.assistant(text, List.of(new ToolCall(null, "terminal", Json.write(Map.of("command", command)))));
  }
}
