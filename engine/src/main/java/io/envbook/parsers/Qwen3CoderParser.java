package io.envbook.parsers;

import io.envbook.json.Json;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code qwen3_coder}: {@code <tool_call><function=NAME><parameter=KEY>VALUE</parameter></function></tool_call>}.
 * One newline around a value is trimmed; {@code null}, numbers, booleans and JSON become those
 * values, anything else a string. Unclosed tags are tolerated; ids are {@code call_} and 24 hex digits.
 */
final class Qwen3CoderParser implements ToolCallParser {
  private static final Pattern FUNCTION = Pattern.compile("<function=([^>\\n]+)>(.*?)(?:</function>|(?=<function=)|$)", Pattern.DOTALL);
  private static final Pattern PARAMETER = Pattern.compile("<parameter=([^>\\n]+)>(.*?)(?:</parameter>|(?=<parameter=)|(?=</function>)|$)",
      Pattern.DOTALL);

  @Override
  public String name() {
    return "qwen3_coder";
  }

  @Override
  public Result parse(String text) {
    int fn = text.indexOf("<function=");
    if (fn < 0) {
      return Result.none(text);
    }
    int wrapper = text.indexOf("<tool_call>");
    int contentEnd = wrapper >= 0 && wrapper < fn ? wrapper : fn;
    Calls calls = new Calls();
    Matcher m = FUNCTION.matcher(text);
    while (m.find()) {
      ObjectNode args = Json.object();
      Matcher p = PARAMETER.matcher(m.group(2));
      while (p.find()) {
        args.set(p.group(1).strip(), value(trimOneNewline(p.group(2))));
      }
      calls.calls.add(new ToolCall(id(), m.group(1).strip(), io.envbook.json.PyJson.dumps(args)));
    }
    int opened = text.split("<function=", -1).length - 1;
    if (opened > calls.calls.size()) {
      calls.errors.add((opened - calls.calls.size()) + " <function=...> call(s) without a function name could not be read");
    }
    return calls.result(Calls.content(text.substring(0, contentEnd)), text);
  }

  private static String trimOneNewline(String v) {
    String s = v.startsWith("\n") ? v.substring(1) : v;
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  static tools.jackson.databind.JsonNode value(String v) {
    if (v.strip().equals("null")) {
      return Json.MAPPER.nullNode();
    }
    try {
      return Json.parse(v.strip());
    } catch (JacksonException e) {
      return Json.MAPPER.getNodeFactory().stringNode(v);
    }
  }

  static String id() {
    byte[] b = new byte[12];
    ThreadLocalRandom.current().nextBytes(b);
    return "call_" + HexFormat.of().formatHex(b);
  }
}
