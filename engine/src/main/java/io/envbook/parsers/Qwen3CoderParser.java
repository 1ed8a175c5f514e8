package io.envbook.parsers;

import io.envbook.json.Json;
import io.envbook.json.PyJson;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code qwen3_coder}: {@code <tool_call><function=NAME><parameter=KEY>VALUE</parameter></function></tool_call>}.
 * A function ends at its {@code </function>} (or its {@code <tool_call>} block's end), so a
 * {@code <function=} inside a value is text. One line break around a value is trimmed; {@code null},
 * numbers, booleans, JSON and Python literals ({@code True}, {@code None}, {@code ['a']}) become
 * those values, anything else a string. Unclosed tags are tolerated; ids are {@code call_} and 24 hex digits.
 */
final class Qwen3CoderParser implements ToolCallParser {
  private static final String BLOCK = "<tool_call>";
  private static final String BLOCK_END = "</tool_call>";
  private static final String FUNCTION = "<function=";
  private static final String FUNCTION_END = "</function>";
  private static final String PARAMETER = "<parameter=";
  private static final String PARAMETER_END = "</parameter>";

  @Override
  public String name() {
    return "qwen3_coder";
  }

  @Override
  public Result parse(String text) {
    int from = Calls.afterReasoning(text, FUNCTION);
    int fn = text.indexOf(FUNCTION, from);
    if (fn < 0) {
      return Result.none(text);
    }
    int wrapper = text.indexOf(BLOCK, from);
    boolean blocks = wrapper >= 0;
    int contentEnd = blocks ? wrapper : fn;
    Calls calls = new Calls();
    int n = 0;
    // each <tool_call> block (the last may be unclosed), or the whole text when there are none
    for (int at = blocks ? wrapper : from; at >= 0; ) {
      int start = blocks ? at + BLOCK.length() : at;
      int close = blocks ? text.indexOf(BLOCK_END, start) : -1;
      int end = close < 0 ? text.length() : close;
      for (int f = text.indexOf(FUNCTION, start); f >= 0 && f < end; ) {
        int fEnd = text.indexOf(FUNCTION_END, f);
        int stop = fEnd < 0 || fEnd > end ? end : fEnd;
        n++;
        function(text, f + FUNCTION.length(), stop, n, calls);
        f = stop == end ? -1 : text.indexOf(FUNCTION, stop);
      }
      at = close < 0 ? -1 : text.indexOf(BLOCK, close + BLOCK_END.length());
    }
    return calls.result(Calls.content(text.substring(0, contentEnd)), text);
  }

  private static void function(String text, int start, int end, int n, Calls calls) {
    int gt = text.indexOf('>', start);
    String fname = gt < 0 || gt > end ? "" : text.substring(start, gt).strip();
    if (fname.isEmpty() || fname.contains("\n")) {
      calls.errors.add("tool call " + n + " has no function name in <function=NAME>");
      return;
    }
    ObjectNode args = Json.object();
    for (int p = text.indexOf(PARAMETER, gt); p >= 0 && p < end; ) {
      int nameStart = p + PARAMETER.length();
      int next = text.indexOf(PARAMETER, nameStart);
      int pClose = text.indexOf(PARAMETER_END, nameStart);
      int stop = Math.min(end, Math.min(next < 0 ? end : next, pClose < 0 ? end : pClose));
      int pGt = text.indexOf('>', nameStart);
      if (pGt >= 0 && pGt < stop) {
        args.set(text.substring(nameStart, pGt).strip(), value(trimOneLineBreak(text.substring(pGt + 1, stop)), true));
      }
      p = next;
    }
    calls.calls.add(new ToolCall(id(), fname, PyJson.dumps(args)));
  }

  private static String trimOneLineBreak(String v) {
    String s = v.startsWith("\r\n") ? v.substring(2) : v.startsWith("\n") ? v.substring(1) : v;
    return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * A value as Hermes read it: JSON, else a Python literal, else text. qwen3_coder keeps the text's
   * own spaces (as vLLM does, and as code needs) and reads any case of {@code null}; glm strips it.
   */
  static JsonNode value(String v, boolean qwen) {
    String t = v.strip();
    if (qwen && t.equalsIgnoreCase("null")) {
      return Json.MAPPER.nullNode();
    }
    if (!t.isEmpty() && "{[\"-0123456789tfn".indexOf(t.charAt(0)) >= 0) {
      try {
        JsonNode j = Json.parse(t);
        if (j != null && !j.isMissingNode()) {
          return j;
        }
      } catch (JacksonException e) {
        // not JSON: maybe Python
      }
    }
    if (!t.isEmpty()) {
      JsonNode py = PyLiteral.parse(t);
      if (py != null) {
        return py;
      }
    }
    return Json.MAPPER.getNodeFactory().stringNode(qwen ? v : t);
  }

  static String id() {
    byte[] b = new byte[12];
    ThreadLocalRandom.current().nextBytes(b);
    return "call_" + HexFormat.of().formatHex(b);
  }
}
