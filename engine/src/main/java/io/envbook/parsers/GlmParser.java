package io.envbook.parsers;

import io.envbook.json.Json;
import io.envbook.json.PyJson;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code glm45}: {@code <tool_call>NAME\n<arg_key>k</arg_key>\n<arg_value>v</arg_value>...</tool_call>}
 * (a newline after the name and a closing tag are required); {@code glm47}: the same without the
 * newline. Values that parse as JSON or as a Python literal become those values, others stripped strings.
 */
final class GlmParser implements ToolCallParser {
  private static final String OPEN = "<tool_call>";
  private static final String CLOSE = "</tool_call>";
  private static final String VALUE = "<arg_value>";
  private static final String VALUE_END = "</arg_value>";
  private static final Pattern ARG = Pattern.compile("<arg_key>(.*?)</arg_key>\\s*<arg_value>(.*?)</arg_value>", Pattern.DOTALL);
  private final boolean needsNewline;

  GlmParser(boolean needsNewline) {
    this.needsNewline = needsNewline;
  }

  @Override
  public String name() {
    return needsNewline ? "glm45" : "glm47";
  }

  @Override
  public Result parse(String text) {
    int first = text.indexOf(OPEN, Calls.afterReasoning(text, OPEN));
    if (first < 0) {
      return Result.none(text);
    }
    Calls calls = new Calls();
    int n = 0;
    for (int at = first; at >= 0; ) {
      int end = closeOf(text, at + OPEN.length());
      if (end < 0) {
        break;
      }
      n++;
      call(text.substring(at + OPEN.length(), end), n, calls);
      at = text.indexOf(OPEN, end + CLOSE.length());
    }
    if (n == 0) {
      calls.errors.add("a tool call was opened but never closed");
    }
    return calls.result(Calls.content(text.substring(0, first)), text);
  }

  /** The call's closing tag: the first one that is not inside an {@code <arg_value>...</arg_value>}. */
  private static int closeOf(String text, int from) {
    int end = text.indexOf(CLOSE, from);
    int v = text.indexOf(VALUE, from);
    while (end >= 0 && v >= 0 && v < end) {
      int valueEnd = text.indexOf(VALUE_END, v);
      if (valueEnd < 0) {
        return end;
      }
      if (valueEnd > end) {
        end = text.indexOf(CLOSE, valueEnd);
      }
      v = text.indexOf(VALUE, valueEnd);
    }
    return end;
  }

  private void call(String body, int n, Calls calls) {
    int argStart = body.indexOf("<arg_key>");
    String head = argStart < 0 ? body : body.substring(0, argStart);
    if (head.contains(OPEN)) {
      // the tag was mentioned in prose before the real call: the call starts at the last opening tag
      head = head.substring(head.lastIndexOf(OPEN) + OPEN.length());
    }
    if (needsNewline && argStart >= 0 && !head.contains("\n")) {
      calls.errors.add("tool call " + n + " has no line break after its name");
      return;
    }
    // the name is the first line, up to any tag
    String fname = head.strip();
    int cut = fname.indexOf('\n');
    cut = fname.indexOf('<') >= 0 && (cut < 0 || fname.indexOf('<') < cut) ? fname.indexOf('<') : cut;
    fname = (cut < 0 ? fname : fname.substring(0, cut)).strip();
    if (fname.isEmpty()) {
      calls.errors.add("tool call " + n + " has no name");
      return;
    }
    ObjectNode args = Json.object();
    Matcher a = ARG.matcher(body);
    while (a.find()) {
      args.set(a.group(1).strip(), Qwen3CoderParser.value(a.group(2), false));
    }
    calls.calls.add(new ToolCall(Calls.id(), fname, PyJson.dumps(args)));
  }
}
