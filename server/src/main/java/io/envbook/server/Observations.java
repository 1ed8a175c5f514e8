package io.envbook.server;

import io.envbook.json.Json;
import io.envbook.model.Message;
import io.envbook.model.MessageCodec;
import io.envbook.model.ToolSchema;
import io.envbook.rollout.Rollout;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON an episode answers with, in OpenEnv's shape: {@code {"observation": {...}, "reward": r,
 * "done": d}}. The observation holds the episode's id and item, the messages that are new since the
 * last answer (OpenAI format), the tool results among them, and at the first answer the tools on
 * offer; at the end, the reward parts, why the rollout stopped and its error, if any.
 */
final class Observations {
  private Observations() {}

  static ObjectNode base(Episode e) {
    return Json.object().put("episode_id", e.id()).put("item_id", e.item().id());
  }

  static ObjectNode step(Episode e, List<Message> fresh, List<ToolSchema> tools, Rollout end) {
    ObjectNode obs = base(e);
    obs.set("messages", MessageCodec.toJson(fresh));
    ArrayNode results = obs.putArray("tool_results");
    for (Message m : fresh) {
      if (m.role().equals("tool")) {
        results.addObject().put("tool_call_id", m.toolCallId()).put("name", m.name()).put("content", m.content());
      }
    }
    if (tools != null) {
      obs.set("tools", toolsJson(tools));
    }
    ObjectNode answer = Json.object();
    answer.set("observation", obs);
    if (end == null) {
      answer.putNull("reward");
      answer.put("done", false);
    } else {
      ObjectNode parts = obs.putObject("reward_parts");
      end.reward().parts().forEach(parts::put);
      obs.put("turns", end.turns());
      obs.put("stop_reason", end.stopReason() == null ? null : end.stopReason().name().toLowerCase(java.util.Locale.ROOT));
      obs.put("error", end.error());
      answer.put("reward", end.score());
      answer.put("done", true);
    }
    return answer;
  }

  /** The answer to OpenEnv's {@code list_tools} action: the tools as MCP lists them; the episode does not move. */
  static ObjectNode toolList(Episode e) {
    ObjectNode obs = base(e);
    ArrayNode list = obs.putArray("tools");
    for (ToolSchema s : e.tools()) {
      ObjectNode t = list.addObject().put("name", s.name()).put("description", s.description());
      t.set("input_schema", s.parameters());
    }
    ObjectNode answer = Json.object();
    answer.set("observation", obs);
    answer.putNull("reward");
    answer.put("done", e.done());
    return answer;
  }

  /** Tools in the OpenAI {@code tools=} format the model would get. */
  static ArrayNode toolsJson(List<ToolSchema> tools) {
    ArrayNode a = Json.array();
    tools.forEach(t -> a.add(t.toOpenAi()));
    return a;
  }
}
