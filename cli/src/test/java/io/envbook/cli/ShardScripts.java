package io.envbook.cli;

import io.envbook.json.Json;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutCodec;
import io.envbook.rollout.RolloutFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The environment the shard tests split: 10 items in two categories, a tool, 3 samples that differ, and an evaluate step. */
final class ShardScripts {
  private ShardScripts() {}

  static Path write(Path dir) throws Exception {
    Files.writeString(dir.resolve("held_out.jsonl"), """
        {"id": "h1", "a": 1000, "b": 2345}
        {"id": "h2", "a": 21, "b": 3}
        """);
    Path script = dir.resolve("sharded.groovy");
    Files.writeString(script, """
        environment('sharded') {
            dataset((0..<10).collect { [id: "q$it", a: it, b: 7 * it, category: it % 3 == 0 ? 'threes' : 'others'] })
            prompt { item -> "What is ${item.a} + ${item.b}?" }
            tool('add', 'Add two integers') { long a, long b -> a + b }
            group 3
            reward { item, result -> result.finalText().trim() == "${item.a + item.b}" ? 1.0 : (result.finalText() == 'close' ? 0.25 : 0.0) }
            evaluate {
                def rs = rollouts('held_out.jsonl', 2)
                ['eval/held_out_mean_reward': meanReward(rs), 'eval/held_out_percent_correct': passRate(rs)]
            }
            // sample 0 adds with the tool; sample 1 is close on odd items; sample 2 is right on every third item
            model scripted {
                if (sample == 1 && item.a % 2 == 1) return say('close')
                if (sample == 2 && item.a % 3 != 0) return say('no idea')
                turn == 0 ? tool('add', a: item.a, b: item.b) : say(lastToolResult)
            }
        }
        """);
    return script;
  }

  /**
   * A file's rollouts as JSON in (item, sample) order, without what differs between two runs of the
   * same rollouts: timings and the random tool-call ids.
   */
  static List<JsonNode> comparable(Path file, boolean sort) throws Exception {
    List<Rollout> rollouts = RolloutFile.read(file).rollouts();
    if (sort) {
      rollouts = rollouts.stream().sorted(Comparator.comparingInt(Rollout::itemIndex).thenComparingInt(Rollout::sample)).toList();
    }
    return rollouts.stream().map(r -> {
      ObjectNode o = RolloutCodec.toJson(r);
      o.remove("timing");
      blankIds(o);
      return (JsonNode) o;
    }).toList();
  }

  private static void blankIds(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.has("tool_call_id")) {
        o.put("tool_call_id", "");
      }
      if (o.has("tool_calls")) {
        o.get("tool_calls").forEach(c -> ((ObjectNode) c).put("id", ""));
      }
      o.properties().forEach(e -> blankIds(e.getValue()));
    } else if (node != null && node.isArray()) {
      node.forEach(ShardScripts::blankIds);
    }
  }

  /** A metrics.json without its total time, which differs from run to run. */
  static JsonNode withoutTime(Path metrics) throws Exception {
    ObjectNode m = (ObjectNode) Json.parse(Files.readString(metrics));
    ((ObjectNode) m.get("config_general")).remove("total_evaluation_time_seconds");
    return m;
  }
}
