package io.envbook.export;

import io.envbook.json.Json;
import io.envbook.model.Message;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolSchema;
import io.envbook.rollout.Rollout;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hermes' ShareGPT trajectory format: {@code conversations} of {@code from}/{@code value} turns
 * ({@code system}, {@code human}, {@code gpt}, {@code tool}). Every {@code gpt} value starts with a
 * {@code <think>} block (empty without reasoning) and carries its calls as
 * {@code <tool_call>{"name", "arguments"}</tool_call>}; consecutive tool results become one
 * {@code tool} turn of {@code <tool_response>} blocks. With tool schemas, the system turn gets the
 * Hermes function-calling preamble with the schemas in {@code <tools>}.
 */
public final class ShareGpt {
  private static final String PREAMBLE = "You are a function calling AI model. You are provided with function signatures within "
      + "<tools> </tools> XML tags. You may call one or more functions to assist with the user query. Don't make assumptions "
      + "about what values to plug into functions. For each function call return a json object with function name and "
      + "arguments within <tool_call> </tool_call> tags.";

  private ShareGpt() {}

  public static ObjectNode format(Rollout r, int index, List<ToolSchema> tools) {
    ObjectNode o = Json.object();
    o.put("prompt_index", index);
    ArrayNode conv = o.putArray("conversations");
    String system = r.messages().stream().filter(m -> m.role().equals("system")).map(Message::content).findFirst().orElse(null);
    if (system != null || !tools.isEmpty()) {
      conv.addObject().put("from", "system").put("value", systemValue(system, tools));
    }
    StringBuilder toolTurn = null;
    Map<String, int[]> stats = new TreeMap<>();
    int apiCalls = 0;
    for (Message m : r.messages()) {
      if (!m.role().equals("tool") && toolTurn != null) {
        conv.addObject().put("from", "tool").put("value", toolTurn.toString().strip());
        toolTurn = null;
      }
      switch (m.role()) {
        case "user" -> conv.addObject().put("from", "human").put("value", nullToEmpty(m.content()));
        case "assistant" -> {
          apiCalls++;
          conv.addObject().put("from", "gpt").put("value", gptValue(m));
        }
        case "tool" -> {
          toolTurn = toolTurn == null ? new StringBuilder() : toolTurn.append('\n');
          ObjectNode resp = Json.object().put("tool_call_id", m.toolCallId()).put("name", m.name()).put("content", nullToEmpty(m.content()));
          toolTurn.append("<tool_response>\n").append(io.envbook.json.PyJson.dumps(resp)).append("\n</tool_response>");
          int[] s = stats.computeIfAbsent(m.name() == null ? "unknown" : m.name(), k -> new int[2]);
          s[isError(m.content()) ? 1 : 0]++;
        }
        default -> { } // the system turn is written first
      }
    }
    if (toolTurn != null) {
      conv.addObject().put("from", "tool").put("value", toolTurn.toString().strip());
    }
    ObjectNode meta = o.putObject("metadata");
    meta.put("env", r.env()).put("model", r.model()).put("item_id", r.itemId()).put("sample", r.sample()).put("reward", r.score());
    if (r.startedAt() != null) {
      meta.put("timestamp", r.startedAt().toString());
    }
    o.put("completed", r.finishedNaturally());
    o.put("partial", !r.finishedNaturally());
    o.put("api_calls", apiCalls);
    ObjectNode toolStats = o.putObject("tool_stats");
    stats.forEach((name, s) -> toolStats.putObject(name).put("count", s[0] + s[1]).put("success", s[0]).put("failure", s[1]));
    return o;
  }

  private static String systemValue(String system, List<ToolSchema> tools) {
    if (tools.isEmpty()) {
      return system;
    }
    ArrayNode schemas = Json.array();
    tools.forEach(t -> schemas.add(t.toOpenAi()));
    return (system == null ? "" : system + "\n\n") + PREAMBLE + "\n<tools>\n" + Json.write(schemas) + "\n</tools>";
  }

  static String gptValue(Message m) {
    StringBuilder sb = new StringBuilder("<think>\n");
    if (m.reasoning() != null) {
      sb.append(m.reasoning().strip()).append('\n');
    }
    sb.append("</think>\n");
    if (m.content() != null && !m.content().isBlank()) {
      sb.append(m.content().strip()).append('\n');
    }
    for (ToolCall c : m.toolCalls()) {
      ObjectNode call = Json.object().put("name", c.name());
      JsonNode args;
      try {
        args = Json.parse(c.arguments());
      } catch (RuntimeException e) {
        args = Json.toTree(c.arguments());
      }
      call.set("arguments", args);
      sb.append("<tool_call>\n").append(io.envbook.json.PyJson.dumps(call)).append("\n</tool_call>\n");
    }
    return sb.toString().strip();
  }

  private static boolean isError(String content) {
    return content != null && content.startsWith("{\"error\"");
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
