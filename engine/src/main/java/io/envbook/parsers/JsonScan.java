package io.envbook.parsers;

import io.envbook.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

/** Finds JSON objects in free text the way Python's {@code raw_decode} from every {@code {} does. */
final class JsonScan {
  private JsonScan() {}

  /** A JSON object found in text, with where it starts and ends. */
  record Found(JsonNode node, int start, int end) {}

  static List<Found> objects(String text) {
    return objects(text, 0);
  }

  static List<Found> objects(String text, int from) {
    List<Found> out = new ArrayList<>();
    char[] chars = text.toCharArray();
    int i = text.indexOf('{', from);
    while (i >= 0) {
      Found f = decodeAt(chars, i);
      if (f != null) {
        out.add(f);
        i = text.indexOf('{', f.end());
      } else {
        i = text.indexOf('{', i + 1);
      }
    }
    return out;
  }

  static Found decodeAt(char[] text, int start) {
    try (JsonParser p = Json.MAPPER.createParser(text, start, text.length - start)) {
      p.nextToken();
      JsonNode node = p.readValueAsTree();
      if (node == null || !node.isObject()) {
        return null;
      }
      long consumed = p.currentLocation().getCharOffset();
      return new Found(node, start, start + (int) consumed);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
