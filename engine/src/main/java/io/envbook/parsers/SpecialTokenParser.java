package io.envbook.parsers;

import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Formats framed by special tokens, with arguments kept as the model wrote them (the agent loop
 * reports arguments that are not valid JSON to the model):
 * {@code deepseek_v3} ({@code <｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME ```json ... ```}),
 * {@code deepseek_v3_1} / {@code deepseek_v31} ({@code <｜tool▁call▁begin｜>NAME<｜tool▁sep｜>{...}}) and
 * {@code kimi_k2} ({@code <|tool_call_begin|>functions.NAME:0<|tool_call_argument_begin|>{...}}, id kept).
 */
final class SpecialTokenParser implements ToolCallParser {
  static final String DS_CALLS = "<｜tool▁calls▁begin｜>";
  private static final Pattern DS_V3 = Pattern.compile(
      "<｜tool▁call▁begin｜>(.*?)<｜tool▁sep｜>(.*?)\\n```json\\n(.*?)\\n```\\s*(?:<｜tool▁call▁end｜>|$)", Pattern.DOTALL);
  private static final Pattern DS_V31 = Pattern.compile(
      "<｜tool▁call▁begin｜>(.*?)<｜tool▁sep｜>(.*?)(?:<｜tool▁call▁end｜>|$)", Pattern.DOTALL);
  private static final Pattern KIMI = Pattern.compile(
      "<\\|tool_call_begin\\|>\\s*(.+?)\\s*<\\|tool_call_argument_begin\\|>\\s*(.*?)\\s*(?:<\\|tool_call_end\\|>|$)", Pattern.DOTALL);

  private final String name;

  SpecialTokenParser(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Result parse(String text) {
    Calls calls = new Calls();
    int start;
    if (name.equals("kimi_k2")) {
      start = firstOf(text, "<|tool_calls_section_begin|>", "<|tool_call_section_begin|>", "<|tool_call_begin|>");
      if (start < 0) {
        return Result.none(text);
      }
      Matcher m = KIMI.matcher(text);
      while (m.find()) {
        String id = m.group(1).strip();
        String fname = id.split(":")[0];
        fname = fname.substring(fname.lastIndexOf('.') + 1);
        calls.calls.add(new ToolCall(id, fname, m.group(2).strip()));
      }
    } else {
      start = firstOf(text, DS_CALLS, "<｜tool▁call▁begin｜>");
      if (start < 0) {
        return Result.none(text);
      }
      Matcher m = (name.equals("deepseek_v3") ? DS_V3 : DS_V31).matcher(text);
      while (m.find()) {
        String fname = (name.equals("deepseek_v3") ? m.group(2) : m.group(1)).strip();
        String args = name.equals("deepseek_v3") ? m.group(3) : m.group(2);
        calls.calls.add(new ToolCall(Calls.id(), fname, args.strip()));
      }
      if (calls.calls.isEmpty()) {
        calls.errors.add("a " + name + " tool call could not be read: " + Calls.content(text.substring(start)));
      }
    }
    return calls.result(Calls.content(text.substring(0, start)), text);
  }

  private static int firstOf(String text, String... markers) {
    int best = -1;
    for (String m : markers) {
      int i = text.indexOf(m);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    return best;
  }
}
