package io.envbook.parsers;

import io.envbook.json.Json;
import io.envbook.json.PyJson;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code mistral}, both formats. Before v11: {@code [TOOL_CALLS] [{"name", "arguments"}, ...]} (or one
 * object); a list that does not parse is scanned for objects with a name. From v11:
 * {@code [TOOL_CALLS]name{json}[TOOL_CALLS]name2{json}}. Ids are 9 letters and digits, as Mistral's.
 */
final class MistralParser implements ToolCallParser {
  private static final String TOKEN = "[TOOL_CALLS]";
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  @Override
  public String name() {
    return "mistral";
  }

  @Override
  public Result parse(String text) {
    int first = text.indexOf(TOKEN, Calls.afterReasoning(text, TOKEN));
    if (first < 0) {
      return Result.none(text);
    }
    String after = text.substring(first + TOKEN.length());
    Calls calls = new Calls();
    String trimmed = after.stripLeading();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      oldFormat(trimmed, calls);
    } else {
      v11(text, first, calls);
    }
    calls.calls.replaceAll(c -> new ToolCall(id(), c.name(), c.arguments()));
    return calls.result(Calls.content(text.substring(0, first)), text);
  }

  /**
   * {@code [TOOL_CALLS]name{json}}, repeated. A segment without a brace is not a call (a mention, or
   * an answer cut in the name); the JSON is read whole, so a token inside a string does not split it.
   */
  private static void v11(String text, int first, Calls calls) {
    char[] chars = null;
    int n = 0;
    for (int at = first; at >= 0; ) {
      int start = at + TOKEN.length();
      int next = text.indexOf(TOKEN, start);
      int brace = text.indexOf('{', start);
      if (brace < 0 || (next >= 0 && brace > next)) {
        at = next;
        continue;
      }
      n++;
      String fname = text.substring(start, brace).strip();
      String raw = text.substring(brace, next < 0 ? text.length() : next);
      JsonNode node = parseOrNull(raw);
      at = next;
      if (node == null) {
        // JSON then text, a token inside a string, or broken JSON: read one value from the brace
        chars = chars == null ? text.toCharArray() : chars;
        JsonScan.Found f = JsonScan.decodeAt(chars, brace);
        node = f == null ? null : f.node();
        at = f == null ? next : text.indexOf(TOKEN, f.end());
      }
      if (fname.isEmpty() && node != null && node.has("name")) {
        calls.addObject(n, node); // {"name": ..., "arguments": ...} after the token, as before v11
      } else if (fname.isEmpty()) {
        calls.errors.add("tool call " + n + " has no name");
      } else {
        calls.calls.add(new ToolCall(id(), fname, node != null ? PyJson.dumps(node) : raw.strip()));
      }
    }
  }

  private static JsonNode parseOrNull(String json) {
    try {
      return Json.parse(json);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static void oldFormat(String segment, Calls calls) {
    try {
      JsonNode node = Json.parse(segment);
      if (node.isObject()) {
        calls.addObject(1, node);
      } else {
        int n = 0;
        for (JsonNode o : node) {
          calls.addObject(++n, o);
        }
      }
    } catch (JacksonException e) {
      int n = 0;
      for (JsonScan.Found f : JsonScan.objects(segment)) {
        if (f.node().has("name")) {
          calls.addObject(++n, f.node());
        }
      }
      if (calls.calls.isEmpty()) {
        calls.errors.add("the tool calls after [TOOL_CALLS] are not valid JSON: " + e.getOriginalMessage());
      }
    }
  }

  static String id() {
    StringBuilder sb = new StringBuilder(9);
    for (int i = 0; i < 9; i++) {
      sb.append(ALNUM.charAt(ThreadLocalRandom.current().nextInt(ALNUM.length())));
    }
    return sb.toString();
  }
}
