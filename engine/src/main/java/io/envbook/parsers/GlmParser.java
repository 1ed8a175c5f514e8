package io.envbook.parsers;

import io.envbook.json.Json;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code glm45}: {@code <tool_call>NAME\n<arg_key>k</arg_key>\n<arg_value>v</arg_value>...</tool_call>}
 * (a newline after the name and a closing tag are required); {@code glm47}: the same without the
 * newline. Values that parse as JSON become those values, others strings.
 */
final class GlmParser implements ToolCallParser {
  private static final Pattern CALL = Pattern.compile("<tool_call>(.*?)</tool_call>", Pattern.DOTALL);
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
    int first = text.indexOf("<tool_call>");
    if (first < 0) {
      return Result.none(text);
    }
    Calls calls = new Calls();
    Matcher m = CALL.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
      String body = m.group(1);
      int argStart = body.indexOf("<arg_key>");
      String head = argStart < 0 ? body : body.substring(0, argStart);
      if (needsNewline && argStart >= 0 && !head.contains("\n")) {
        calls.errors.add("tool call " + n + " has no line break after its name");
        continue;
      }
      String fname = head.strip();
      if (fname.isEmpty()) {
        calls.errors.add("tool call " + n + " has no name");
        continue;
      }
      ObjectNode args = Json.object();
      Matcher a = ARG.matcher(body);
      while (a.find()) {
        args.set(a.group(1).strip(), Qwen3CoderParser.value(a.group(2)));
      }
      calls.calls.add(new ToolCall(Calls.id(), fname, io.envbook.json.PyJson.dumps(args)));
    }
    if (n == 0) {
      calls.errors.add("a tool call was opened but never closed");
    }
    return calls.result(Calls.content(text.substring(0, first)), text);
  }
}
