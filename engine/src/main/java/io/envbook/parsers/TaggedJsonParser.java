package io.envbook.parsers;

import io.envbook.model.ToolCallParser;

/**
 * {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}, repeated: the {@code hermes} and
 * {@code qwen} formats ({@code longcat} with its own tag). A last call left unclosed (a truncated
 * answer) still counts when its JSON is whole. A malformed call is reported and its neighbours kept;
 * a closing tag inside a JSON string does not end the call; calls in a leading think block are not calls.
 */
final class TaggedJsonParser implements ToolCallParser {
  private final String name;
  private final String open;
  private final String close;

  TaggedJsonParser(String name, String tag) {
    this.name = name;
    this.open = "<" + tag + ">";
    this.close = "</" + tag + ">";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Result parse(String text) {
    int first = text.indexOf(open, Calls.afterReasoning(text, open));
    if (first < 0) {
      return Result.none(text);
    }
    Calls calls = new Calls();
    char[] chars = null;
    int at = first;
    int n = 0;
    while (at >= 0) {
      int start = at + open.length();
      int end = text.indexOf(close, start);
      String body = end < 0 ? text.substring(start) : text.substring(start, end);
      n++;
      // the fast path: the whole body is one JSON object
      if (calls.tryJsonCall(n, body)) {
        at = end < 0 ? -1 : text.indexOf(open, end + close.length());
        continue;
      }
      // not one JSON object: a closing tag inside a string, a tag mentioned in prose, a broken closing tag
      chars = chars == null ? text.toCharArray() : chars;
      int json = skipSpace(text, start);
      JsonScan.Found f = json < text.length() && text.charAt(json) == '{' ? JsonScan.decodeAt(chars, json) : null;
      int after = f == null ? -1 : skipSpace(text, f.end());
      int inner = body.indexOf(open);
      if (f != null && end >= 0 && f.end() > end && (after == text.length() || text.startsWith(close, after))) {
        calls.addObject(n, f.node());
        at = after == text.length() ? -1 : text.indexOf(open, after + close.length());
      } else if (inner >= 0) {
        String head = body.substring(0, inner).strip();
        if (head.startsWith("{")) {
          calls.addJsonCall(n, withoutPartialTag(head));
        } else {
          n--; // a mention in prose, not a call
        }
        at = start + inner;
      } else {
        calls.addJsonCall(n, body);
        at = end < 0 ? -1 : text.indexOf(open, end + close.length());
      }
    }
    return calls.result(Calls.content(text.substring(0, first)), text);
  }

  /** The text without a closing tag cut short at its end ({@code </tool_call}). */
  private String withoutPartialTag(String s) {
    for (int k = close.length() - 1; k >= 2; k--) {
      if (s.endsWith(close.substring(0, k))) {
        return s.substring(0, s.length() - k);
      }
    }
    return s;
  }

  private static int skipSpace(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }
}
