package io.envbook.parsers;

import io.envbook.json.Json;
import io.envbook.json.PyJson;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** What the parsers share: collecting calls and errors, normalising arguments, making ids. */
final class Calls {
  final List<ToolCall> calls = new ArrayList<>();
  final List<String> errors = new ArrayList<>();

  /** Adds a call from a JSON object with {@code name} and {@code arguments} (or {@code parameters}); else an error. */
  void addJsonCall(int n, String jsonText) {
    JsonNode o;
    try {
      o = Json.parse(jsonText.strip());
    } catch (JacksonException e) {
      errors.add("tool call " + n + " is not valid JSON: " + e.getOriginalMessage());
      return;
    }
    addObject(n, o);
  }

  /**
   * Adds the call when the text is one JSON object (or blank: nothing to add); false when it is not
   * JSON. Jackson skips the whitespace around it, so the text is not stripped (no copy).
   */
  boolean tryJsonCall(int n, String jsonText) {
    JsonNode o;
    try {
      o = Json.parse(jsonText);
    } catch (JacksonException e) {
      return false;
    }
    if (o != null && !o.isMissingNode()) {
      addObject(n, o);
    }
    return true;
  }

  void addObject(int n, JsonNode o) {
    if (o == null || !o.isObject() || !o.hasNonNull("name") || !o.get("name").isString()) {
      errors.add("tool call " + n + " has no \"name\"");
      return;
    }
    JsonNode args = o.has("arguments") ? o.get("arguments") : o.get("parameters");
    calls.add(new ToolCall(id(), o.get("name").asString(), arguments(args)));
  }

  /**
   * Arguments as Hermes wrote them, with Python's {@code json.dumps}: an object as it is; a string
   * holding a JSON object as that object; none as {@code {}}.
   */
  static String arguments(JsonNode args) {
    if (args == null || args.isNull()) {
      return "{}";
    }
    if (args.isString()) {
      try {
        JsonNode inner = Json.parse(args.asString());
        if (inner != null && inner.isObject()) {
          return PyJson.dumps(inner);
        }
      } catch (JacksonException notJson) {
        // keep the string as a JSON string, as Hermes did
      }
    }
    return PyJson.dumps(args);
  }

  /** Argument text re-serialised like Hermes when it is JSON, else as given (the agent loop reports it). */
  static String pythonOrRaw(String text) {
    String t = text.strip();
    try {
      return PyJson.dumps(Json.parse(t));
    } catch (JacksonException e) {
      return t;
    }
  }

  /**
   * Where calls may start: after a leading {@code <think>...</think>} block, or after a lone
   * {@code </think>} (the chat template opened the block) that starts a line or has no {@code marker}
   * before it (a {@code </think>} inside a call's JSON string cannot start a line). A call written
   * while reasoning is a plan, not an action; vLLM strips reasoning first, too. An unclosed leading
   * think block is all reasoning.
   */
  static int afterReasoning(String text, String marker) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    boolean leading = text.startsWith("<think>", i);
    int close = text.indexOf("</think>", i);
    if (close < 0) {
      return leading ? text.length() : 0;
    }
    if (leading) {
      return close + "</think>".length();
    }
    int call = text.indexOf(marker);
    boolean ownLine = close == 0 || text.charAt(close - 1) == '\n';
    return call >= 0 && call < close && !ownLine ? 0 : close + "</think>".length();
  }

  static String id() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return "call_" + HexFormat.of().formatHex(b);
  }

  static String content(String before) {
    String s = before.strip();
    return s.isEmpty() ? null : s;
  }

  ToolCallParser.Result result(String content, String text) {
    if (calls.isEmpty() && errors.isEmpty()) {
      return ToolCallParser.Result.none(text);
    }
    if (calls.isEmpty()) {
      // nothing could be read: the whole text stays the message's content, as Hermes keeps it
      return new ToolCallParser.Result(text, calls, errors);
    }
    return new ToolCallParser.Result(content, calls, errors);
  }
}
