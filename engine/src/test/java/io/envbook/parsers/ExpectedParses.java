package io.envbook.parsers;

import io.envbook.json.Json;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** One line of {@code parsers/expected.jsonl}: a generated case and the parse it must give. */
final class ExpectedParses {
  private ExpectedParses() {}

  static String line(ParserCorpus.Case c, ToolCallParser.Result r) {
    ObjectNode o = Json.object().put("id", c.id()).put("parser", c.parser()).put("text", c.text());
    o.set("expected", parse(r));
    return Json.write(o);
  }

  /** What is compared: the content, each call's name and argument text (ids are random), how many errors. */
  static JsonNode parse(ToolCallParser.Result r) {
    ObjectNode o = Json.object().put("content", r.content()).put("errors", r.errors().size());
    ArrayNode calls = o.putArray("calls");
    for (ToolCall call : r.calls()) {
      calls.addObject().put("name", call.name()).put("arguments", call.arguments());
    }
    return o;
  }
}
