package io.envbook.model;

import io.envbook.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts messages to and from the OpenAI chat JSON shape. Used on the wire and in rollout files, so
 * a saved conversation can be sent to any OpenAI-compatible server as it is.
 */
public final class MessageCodec {
  private MessageCodec() {}

  public static ObjectNode toJson(Message m) {
    ObjectNode o = Json.object().put("role", m.role());
    if (m.content() == null) {
      o.putNull("content");
    } else {
      o.put("content", m.content());
    }
    if (m.reasoning() != null) {
      o.put("reasoning_content", m.reasoning());
    }
    if (m.hasToolCalls()) {
      ArrayNode calls = o.putArray("tool_calls");
      for (ToolCall c : m.toolCalls()) {
        ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
        call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
      }
    }
    if (m.toolCallId() != null) {
      o.put("tool_call_id", m.toolCallId());
    }
    if (m.name() != null) {
      o.put("name", m.name());
    }
    return o;
  }

  public static ArrayNode toJson(List<Message> messages) {
    ArrayNode a = Json.array();
    messages.forEach(m -> a.add(toJson(m)));
    return a;
  }

  /**
   * Reads one message. Reasoning is taken from {@code reasoning_content}, else {@code reasoning},
   * else the first non-empty {@code text} of {@code reasoning_details} (OpenRouter), as Hermes did.
   * Tool-call arguments that arrive as objects rather than strings are serialised to text.
   */
  public static Message fromJson(JsonNode o) {
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("a message must be a JSON object, got: " + o);
    }
    String role = Json.text(o, "role");
    if (role == null) {
      throw new IllegalArgumentException("a message has no \"role\": " + o);
    }
    List<ToolCall> calls = new ArrayList<>();
    JsonNode tc = o.get("tool_calls");
    if (tc != null && tc.isArray()) {
      for (JsonNode c : tc) {
        JsonNode fn = c.has("function") ? c.get("function") : c;
        String name = Json.text(fn, "name");
        if (name == null) {
          continue;
        }
        JsonNode args = fn.get("arguments");
        String argText = args == null || args.isNull() ? "{}" : args.isString() ? args.asString() : Json.write(args);
        calls.add(new ToolCall(Json.text(c, "id"), name, argText));
      }
    }
    JsonNode content = o.get("content");
    String text = content == null || content.isNull() ? null : content.isString() ? content.asString() : contentParts(content);
    return new Message(role, text, reasoning(o), calls, Json.text(o, "tool_call_id"), Json.text(o, "name"));
  }

  public static List<Message> fromJsonArray(JsonNode array) {
    List<Message> out = new ArrayList<>();
    if (array != null) {
      array.forEach(m -> out.add(fromJson(m)));
    }
    return out;
  }

  private static String reasoning(JsonNode o) {
    for (String field : new String[] {"reasoning_content", "reasoning"}) {
      String r = Json.text(o, field);
      if (r != null && !r.isEmpty()) {
        return r;
      }
    }
    JsonNode details = o.get("reasoning_details");
    if (details != null && details.isArray()) {
      for (JsonNode d : details) {
        String t = Json.text(d, "text");
        if (t != null && !t.isEmpty()) {
          return t;
        }
      }
    }
    return null;
  }

  /** Joins the text parts of a content-parts array; non-text parts are kept as JSON. */
  private static String contentParts(JsonNode content) {
    if (!content.isArray()) {
      return content.toString();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      String t = Json.text(part, "text");
      sb.append(t != null ? t : part.toString());
    }
    return sb.toString();
  }
}
