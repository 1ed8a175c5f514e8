package io.envbook.export;

import io.envbook.json.Json;
import io.envbook.model.MessageCodec;
import io.envbook.model.ToolSchema;
import io.envbook.rollout.Rollout;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI fine-tuning chat format: {@code {"messages": [...], "tools": [...]}} per line, with the
 * reward kept beside it for later filtering. Reasoning stays in {@code reasoning_content}.
 */
public final class OpenAiMessages {
  private OpenAiMessages() {}

  public static ObjectNode format(Rollout r, List<ToolSchema> tools) {
    ObjectNode o = Json.object();
    o.set("messages", MessageCodec.toJson(r.messages()));
    if (!tools.isEmpty()) {
      ArrayNode t = o.putArray("tools");
      tools.forEach(s -> t.add(s.toOpenAi()));
    }
    o.put("score", r.score());
    return o;
  }
}
