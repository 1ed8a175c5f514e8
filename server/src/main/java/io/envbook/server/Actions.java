package io.envbook.server;

import io.envbook.json.Json;
import io.envbook.model.Message;
import io.envbook.model.ToolCall;
import io.envbook.tools.ToolRegistry;
import io.envbook.util.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a step's action into the assistant turn it stands for. Accepted forms:
 * <ul>
 *   <li>{@code {"tool_calls": [{"name": "terminal", "arguments": {...}}], "content": "..."}} (arguments an
 *       object or its JSON text; OpenAI's {@code {"function": {...}}} form too);</li>
 *   <li>{@code {"content": "final answer"}}: no tool calls, which ends the episode;</li>
 *   <li>{@code {"message": {...}}}: an OpenAI assistant message;</li>
 *   <li>{@code {"text": "..."}}: raw model output, whose tool calls the environment's parser reads, as in
 *       token mode; what it cannot read goes back as tool errors, as to a model;</li>
 *   <li>OpenEnv's MCP actions {@code {"type": "call_tool", "tool_name": ..., "arguments": {...}}} and
 *       {@code {"type": "list_tools"}}.</li>
 * </ul>
 * A structured call of a tool the environment does not have, or with arguments that are not an
 * object, is refused with one sentence (422): the client wrote it, not a model.
 */
final class Actions {
  private static final Set<String> KEYS = Set.of("tool_calls", "content", "message", "text", "reasoning", "type", "tool_name",
      "arguments", "metadata");

  private Actions() {}

  /** True for OpenEnv's {@code list_tools}, which lists the tools and does not advance the episode. */
  static boolean listsTools(JsonNode action) {
    return "list_tools".equals(action.path("type").asString(""));
  }

  static Message read(JsonNode action, ToolRegistry tools) {
    if (action == null || !action.isObject()) {
      throw BadRequest.invalid("the action must be a JSON object such as {\"tool_calls\": [...]} or {\"content\": \"...\"}");
    }
    for (String key : action.propertyNames()) {
      if (!KEYS.contains(key)) {
        throw BadRequest.invalid("the action has no field `" + key + "`:" + Suggest.didYouMean(key, KEYS)
            + " it takes tool_calls, content, message, text, or OpenEnv's type call_tool/list_tools");
      }
    }
    String type = action.path("type").asString("");
    if (type.equals("call_tool")) {
      String name = action.path("tool_name").asString("");
      return Message.assistant("", List.of(call(null, name, action.get("arguments"), tools)));
    }
    if (!type.isEmpty()) {
      throw BadRequest.invalid("unknown action type `" + type + "`:" + Suggest.didYouMean(type, List.of("call_tool", "list_tools"))
          + " OpenEnv's are call_tool and list_tools");
    }
    if (action.has("text")) {
      return Message.assistant(action.get("text").asString(""));
    }
    if (action.has("message")) {
      JsonNode m = action.get("message");
      Message msg = io.envbook.model.MessageCodec.fromJson(m);
      List<ToolCall> checked = new ArrayList<>();
      for (ToolCall c : msg.toolCalls()) {
        checked.add(call(c.id(), c.name(), parseArguments(c.name(), c.arguments()), tools));
      }
      return new Message("assistant", msg.content(), msg.reasoning(), checked, null, null);
    }
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode c : action.path("tool_calls")) {
      JsonNode fn = c.has("function") ? c.get("function") : c;
      String name = fn.path("name").asString("");
      JsonNode args = fn.get("arguments");
      if (args != null && args.isString()) {
        args = parseArguments(name, args.asString());
      }
      calls.add(call(c.path("id").asString(null), name, args, tools));
    }
    String content = action.path("content").asString("");
    String reasoning = action.has("reasoning") ? action.get("reasoning").asString() : null;
    return new Message("assistant", content, reasoning, calls, null, null);
  }

  private static JsonNode parseArguments(String tool, String text) {
    try {
      return Json.parse(text.isBlank() ? "{}" : text);
    } catch (RuntimeException e) {
      throw BadRequest.invalid("the arguments of the call to `" + tool + "` are not JSON: send an object such as {\"command\": \"ls\"}");
    }
  }

  private static ToolCall call(String id, String name, JsonNode args, ToolRegistry tools) {
    if (name.isEmpty()) {
      throw BadRequest.invalid("a tool call has no name: give each call a `name` and its `arguments`");
    }
    if (tools.get(name) == null) {
      throw BadRequest.invalid("there is no tool `" + name + "`:" + Suggest.didYouMean(name, tools.names())
          + " this environment has " + String.join(", ", tools.names()));
    }
    if (args != null && !args.isNull() && !args.isObject()) {
      throw BadRequest.invalid("the arguments of the call to `" + name + "` must be a JSON object, not " + args.getNodeType().name().toLowerCase());
    }
    return new ToolCall(id, name, args == null || args.isNull() ? "{}" : Json.write(args));
  }
}
