package io.envbook.model.openai;

import io.envbook.json.Json;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.MessageCodec;
import io.envbook.model.ToolSchema;
import io.envbook.model.Usage;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The request body of {@code /chat/completions} and the reading of its answer. */
final class ChatCodec {
  private ChatCodec() {}

  static String requestBody(String model, ChatRequest request, Map<String, Object> defaults) {
    ObjectNode body = Json.object().put("model", model);
    body.set("messages", MessageCodec.toJson(request.messages()));
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSchema t : request.tools()) {
        tools.add(t.toOpenAi());
      }
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      body.put("max_tokens", request.maxTokens());
    }
    body.put("n", 1);
    defaults.forEach((k, v) -> body.set(k, Json.toTree(v)));
    request.extraBody().forEach((k, v) -> body.set(k, Json.toTree(v)));
    return Json.write(body);
  }

  /** Reads an answer; {@link Failure} says what is wrong with a bad body and whether trying again may help. */
  static ChatResponse parse(String body, String server) throws Failure {
    JsonNode root;
    try {
      root = Json.parse(body);
    } catch (JacksonException e) {
      boolean truncated = body.stripLeading().startsWith("{") && e.getOriginalMessage().contains("end-of-input");
      throw new Failure(truncated
          ? "the model server at " + server + " returned a truncated body (" + body.length() + " characters)"
          : "the model server at " + server + " returned a body that is not JSON: " + excerpt(body), truncated, -1);
    }
    JsonNode choices = root == null ? null : root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new Failure("the model server at " + server + " returned no choices: " + excerpt(body), false, -1);
    }
    JsonNode message = choices.get(0).get("message");
    if (message == null || !message.isObject()) {
      throw new Failure("the model server at " + server + " returned a choice without a message: " + excerpt(body), false, -1);
    }
    ObjectNode m = ((ObjectNode) message).deepCopy();
    if (!m.has("role")) {
      m.put("role", "assistant");
    }
    Message parsed = MessageCodec.fromJson(m);
    JsonNode usage = root.get("usage");
    Usage u = usage == null ? Usage.NONE
        : new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    return new ChatResponse(parsed, Json.text(choices.get(0), "finish_reason"), u);
  }

  /** The first 200 characters of a body, on one line. */
  static String excerpt(String body) {
    String one = body.replaceAll("\\s+", " ").trim();
    return one.length() <= 200 ? one : one.substring(0, 200) + "…";
  }

  /** One failed attempt: why, whether another attempt may succeed, and the HTTP status (-1 when none). */
  static final class Failure extends Exception {
    final boolean retryable;
    final int status;
    String retryAfter;
    /** What went wrong when there is no status: "timeout", "no connection", "bad body". */
    String kind = "bad body";

    Failure(String message, boolean retryable, int status) {
      super(message);
      this.retryable = retryable;
      this.status = status;
    }

    Failure kind(String k) {
      this.kind = k;
      return this;
    }
  }
}
