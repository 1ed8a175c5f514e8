package io.envbook.kernel;

import io.envbook.json.Json;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Completion, inspection and is_complete replies. The protocol counts cursor positions in Unicode
 * code points; Java strings count UTF-16 units, so positions are converted both ways here.
 */
final class Introspection {
  private Introspection() {}

  static ObjectNode complete(Evaluator evaluator, JsonNode c) {
    String code = c.path("code").asString("");
    int cursor = toIndex(code, c.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
    Evaluator.Completion comp = evaluator.complete(code, cursor);
    ObjectNode r = Json.object().put("status", "ok");
    ArrayNode matches = r.putArray("matches");
    comp.matches().forEach(matches::add);
    r.put("cursor_start", toCodePoints(code, comp.start())).put("cursor_end", toCodePoints(code, comp.end()));
    r.set("metadata", Json.object());
    return r;
  }

  static ObjectNode inspect(Evaluator evaluator, JsonNode c) {
    String code = c.path("code").asString("");
    int cursor = toIndex(code, c.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
    Map<String, Object> data = evaluator.inspect(code, cursor);
    ObjectNode r = Json.object().put("status", "ok").put("found", data != null);
    r.set("data", data == null ? Json.object() : Json.toTree(data));
    r.set("metadata", Json.object());
    return r;
  }

  static ObjectNode isComplete(Evaluator evaluator, JsonNode c) {
    String status = evaluator.isComplete(c.path("code").asString(""));
    ObjectNode r = Json.object().put("status", status);
    if (status.equals("incomplete")) {
      r.put("indent", "    ");
    }
    return r;
  }

  /** A code-point offset as a string index, clamped to the string. */
  static int toIndex(String s, int codePoints) {
    int cps = Math.max(0, Math.min(codePoints, s.codePointCount(0, s.length())));
    return s.offsetByCodePoints(0, cps);
  }

  static int toCodePoints(String s, int index) {
    return s.codePointCount(0, Math.max(0, Math.min(index, s.length())));
  }
}
