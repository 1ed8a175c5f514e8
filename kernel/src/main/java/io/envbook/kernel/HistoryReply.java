package io.envbook.kernel;

import io.envbook.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code history_reply}: (session, line, input) or (session, line, (input, output)) triples. */
final class HistoryReply {
  private HistoryReply() {}

  static ObjectNode of(History history, JsonNode c) {
    List<History.Entry> entries = switch (c.path("hist_access_type").asString("tail")) {
      case "range" -> history.range(c.path("start").asInt(0), c.path("stop").asInt(0));
      case "search" -> history.search(c.path("pattern").asString("*"), c.path("n").asInt(0), c.path("unique").asBoolean(false));
      default -> history.tail(c.path("n").asInt(10));
    };
    boolean output = c.path("output").asBoolean(false);
    ArrayNode list = Json.array();
    for (History.Entry e : entries) {
      ArrayNode row = list.addArray().add(History.SESSION).add(e.line());
      if (output) {
        row.addArray().add(e.input()).add(e.output());
      } else {
        row.add(e.input());
      }
    }
    ObjectNode r = Json.object().put("status", "ok");
    r.set("history", list);
    return r;
  }
}
