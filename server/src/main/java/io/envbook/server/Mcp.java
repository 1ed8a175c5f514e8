package io.envbook.server;

import io.envbook.json.Json;
import io.envbook.model.Message;
import io.envbook.model.ToolSchema;
import io.envbook.tools.ToolRegistry;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The environment's tools over MCP's JSON-RPC ({@code initialize}, {@code tools/list},
 * {@code tools/call}), at {@code POST /mcp} and as {@code {"type": "mcp"}} WebSocket messages, as
 * OpenEnv's servers offer them. A call runs in an episode's sandbox as a step with that one call:
 * the episode comes from {@code params.episode_id}, else the WebSocket's own, else the last one an
 * HTTP client opened without naming it.
 */
final class Mcp {
  static final String PROTOCOL = "2025-06-18";
  private final ToolRegistry tools;
  private final String name;

  Mcp(ToolRegistry tools, String name) {
    this.tools = tools;
    this.name = name;
  }

  /** The answer to one JSON-RPC request, or {@code null} for a notification (no id). */
  ObjectNode handle(JsonNode request, Function<String, Episode> episodes) throws InterruptedException {
    if (request == null || !request.isObject() || !"2.0".equals(request.path("jsonrpc").asString(""))
        || !request.path("method").isString()) {
      return error(request == null ? null : request.get("id"), -32600, "Invalid Request: send {\"jsonrpc\": \"2.0\", \"method\": ..., \"id\": ...}");
    }
    JsonNode id = request.get("id");
    String method = request.get("method").asString();
    JsonNode params = request.path("params");
    if (id == null && method.startsWith("notifications/")) {
      return null;
    }
    try {
      return switch (method) {
        case "initialize" -> result(id, initialize());
        case "ping" -> result(id, Json.object());
        case "tools/list" -> result(id, list());
        case "tools/call" -> result(id, call(params, episodes));
        default -> error(id, -32601, "Method not found: `" + method + "`; this server has initialize, tools/list and tools/call");
      };
    } catch (BadRequest e) {
      return error(id, -32602, e.getMessage());
    }
  }

  private ObjectNode initialize() {
    ObjectNode r = Json.object().put("protocolVersion", PROTOCOL);
    r.putObject("capabilities").putObject("tools");
    r.putObject("serverInfo").put("name", "envbook:" + name).put("version", "1");
    return r;
  }

  private ObjectNode list() {
    ObjectNode r = Json.object();
    ArrayNode list = r.putArray("tools");
    for (ToolSchema s : tools.schemas()) {
      ObjectNode t = list.addObject().put("name", s.name()).put("description", s.description());
      t.set("inputSchema", s.parameters());
    }
    return r;
  }

  private ObjectNode call(JsonNode params, Function<String, Episode> episodes) throws InterruptedException {
    String tool = params.path("name").asString("");
    Episode episode = episodes.apply(params.hasNonNull("episode_id") ? params.get("episode_id").asString() : null);
    ObjectNode action = Json.object();
    ObjectNode c = action.putArray("tool_calls").addObject().put("name", tool);
    c.set("arguments", params.hasNonNull("arguments") ? params.get("arguments") : Json.object());
    Message turn = Actions.read(action, tools);
    JsonNode answer = episode.step(turn);
    JsonNode obs = answer.get("observation");
    String text = obs.path("tool_results").path(0).path("content").asString("");
    ObjectNode r = Json.object();
    r.putArray("content").addObject().put("type", "text").put("text", text);
    r.put("isError", text.startsWith("{\"error\""));
    if (answer.get("done").asBoolean()) {
      r.putObject("_meta").put("episode_done", true).put("reward", answer.get("reward").asDouble());
    }
    return r;
  }

  static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode r = Json.object().put("jsonrpc", "2.0");
    r.set("id", id);
    r.set("result", result);
    return r;
  }

  static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode r = Json.object().put("jsonrpc", "2.0");
    r.set("id", id);
    r.putObject("error").put("code", code).put("message", message);
    return r;
  }
}
