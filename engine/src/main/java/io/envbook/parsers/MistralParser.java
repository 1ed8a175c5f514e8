package io.envbook.parsers;

import io.envbook.json.Json;
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
    int first = text.indexOf(TOKEN);
    if (first < 0) {
      return Result.none(text);
    }
    String after = text.substring(first + TOKEN.length());
    Calls calls = new Calls();
    String trimmed = after.stripLeading();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      oldFormat(trimmed, calls);
    } else {
      int n = 0;
      for (String segment : after.split(java.util.regex.Pattern.quote(TOKEN))) {
        if (segment.isBlank()) {
          continue;
        }
        n++;
        int brace = segment.indexOf('{');
        String fname = (brace < 0 ? segment : segment.substring(0, brace)).strip();
        if (fname.isEmpty()) {
          calls.errors.add("tool call " + n + " has no name");
          continue;
        }
        String args = brace < 0 ? "{}" : segment.substring(brace).strip();
        calls.calls.add(new ToolCall(id(), fname, Calls.pythonOrRaw(args)));
      }
    }
    return calls.result(Calls.content(text.substring(0, first)), text);
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
    calls.calls.replaceAll(c -> new ToolCall(id(), c.name(), c.arguments()));
  }

  static String id() {
    StringBuilder sb = new StringBuilder(9);
    for (int i = 0; i < 9; i++) {
      sb.append(ALNUM.charAt(ThreadLocalRandom.current().nextInt(ALNUM.length())));
    }
    return sb.toString();
  }
}
