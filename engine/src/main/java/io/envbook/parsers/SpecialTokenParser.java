package io.envbook.parsers;

import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;

/**
 * Formats framed by special tokens, with arguments kept as the model wrote them (the agent loop
 * reports arguments that are not valid JSON to the model):
 * {@code deepseek_v3} ({@code <｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME ```json ... ```}, any
 * whitespace around the fence), {@code deepseek_v3_1} / {@code deepseek_v31}
 * ({@code <｜tool▁call▁begin｜>NAME<｜tool▁sep｜>{...}}) and {@code kimi_k2}
 * ({@code <|tool_call_begin|>functions.NAME:0<|tool_call_argument_begin|>{...}}, id kept). A call
 * never reaches past the next call's begin token, so one broken call does not swallow the next.
 */
final class SpecialTokenParser implements ToolCallParser {
  static final String DS_CALLS = "<｜tool▁calls▁begin｜>";
  private static final String DS_CALL = "<｜tool▁call▁begin｜>";
  private static final String DS_SEP = "<｜tool▁sep｜>";
  private static final String DS_END = "<｜tool▁call▁end｜>";
  private static final String DS_CALLS_END = "<｜tool▁calls▁end｜>";
  private static final String FENCE = "```json";
  private static final String KIMI_CALL = "<|tool_call_begin|>";
  private static final String KIMI_SEP = "<|tool_call_argument_begin|>";
  private static final String KIMI_END = "<|tool_call_end|>";

  private final String name;
  private final boolean kimi;

  SpecialTokenParser(String name) {
    this.name = name;
    this.kimi = name.equals("kimi_k2");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Result parse(String text) {
    int from = Calls.afterReasoning(text, kimi ? KIMI_CALL : DS_CALL);
    int start = kimi ? firstOf(text, from, "<|tool_calls_section_begin|>", "<|tool_call_section_begin|>", KIMI_CALL)
        : firstOf(text, from, DS_CALLS, DS_CALL);
    if (start < 0) {
      return Result.none(text);
    }
    Calls calls = new Calls();
    String call = kimi ? KIMI_CALL : DS_CALL;
    int n = 0;
    for (int at = text.indexOf(call, start); at >= 0; ) {
      int next = text.indexOf(call, at + call.length());
      int limit = next < 0 ? text.length() : next;
      n++;
      if (name.equals("deepseek_v3")) {
        fenced(text, at, limit, n, calls);
      } else {
        plain(text, at + call.length(), limit, n, calls);
      }
      at = next;
    }
    if (calls.calls.isEmpty() && calls.errors.isEmpty() && !kimi) {
      calls.errors.add("a " + name + " tool call could not be read: " + Calls.content(text.substring(start)));
    }
    return calls.result(Calls.content(text.substring(0, start)), text);
  }

  /** {@code NAME<sep>ARGS<end>} (the end token optional for the last call of a cut answer). */
  private void plain(String text, int at, int limit, int n, Calls calls) {
    String sep = kimi ? KIMI_SEP : DS_SEP;
    int s = text.indexOf(sep, at);
    if (s < 0 || s >= limit) {
      calls.errors.add("tool call " + n + " has no " + sep);
      return;
    }
    String endToken = kimi ? KIMI_END : DS_END;
    int end = text.indexOf(endToken, s);
    String args = withoutPartialToken(text.substring(s + sep.length(), end < 0 || end > limit ? limit : end).strip(), endToken);
    String head = text.substring(at, s).strip();
    if (!kimi) {
      calls.calls.add(new ToolCall(Calls.id(), head, args));
      return;
    }
    String fname = head.split(":")[0];
    calls.calls.add(new ToolCall(head, fname.substring(fname.lastIndexOf('.') + 1), args));
  }

  /** {@code function<sep>NAME ```json ARGS ```<end>}, with any whitespace around the fences. */
  private static void fenced(String text, int at, int limit, int n, Calls calls) {
    int s = text.indexOf(DS_SEP, at);
    int fence = s < 0 || s >= limit ? -1 : text.indexOf(FENCE, s);
    if (fence < 0 || fence >= limit || text.substring(s, fence).contains(DS_END)) {
      calls.errors.add("tool call " + n + " has no " + DS_SEP + "NAME ```json fence");
      return;
    }
    int argsStart = fence + FENCE.length();
    for (int close = text.indexOf("```", argsStart); close >= 0 && close < limit; close = text.indexOf("```", close + 3)) {
      int after = close + 3;
      while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
        after++;
      }
      if (after == text.length() || after == limit || text.startsWith(DS_END, after) || text.startsWith(DS_CALLS_END, after)) {
        calls.calls.add(new ToolCall(Calls.id(), text.substring(s + DS_SEP.length(), fence).strip(), text.substring(argsStart, close).strip()));
        return;
      }
    }
    calls.errors.add("tool call " + n + " has no closing ``` fence");
  }

  /** Arguments without an end token cut off ({@code {}<|tool_call_}) or misspelt ({@code {}<|tool_call_end|,>}). */
  private static String withoutPartialToken(String args, String token) {
    int misspelt = args.lastIndexOf(token.substring(0, token.length() - 1));
    if (misspelt >= 0 && args.length() - misspelt <= token.length() + 3) {
      return args.substring(0, misspelt).strip();
    }
    for (int k = Math.min(token.length() - 1, args.length()); k >= 2; k--) {
      if (args.endsWith(token.substring(0, k))) {
        return args.substring(0, args.length() - k).strip();
      }
    }
    return args;
  }

  private static int firstOf(String text, int from, String... markers) {
    int best = -1;
    for (String m : markers) {
      int i = text.indexOf(m, from);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    return best;
  }
}
