package io.envbook.parsers;

import io.envbook.model.ToolCallParser;

/**
 * {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}, repeated: the {@code hermes} and
 * {@code qwen} formats ({@code longcat} with its own tag). A last call left unclosed (a truncated
 * answer) still counts when its JSON is whole. A malformed call is reported and its neighbours kept.
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
    int first = text.indexOf(open);
    if (first < 0) {
      return Result.none(text);
    }
    Calls calls = new Calls();
    int at = first;
    int n = 0;
    while (at >= 0) {
      int start = at + open.length();
      int end = text.indexOf(close, start);
      String body = end < 0 ? text.substring(start) : text.substring(start, end);
      n++;
      if (!body.isBlank()) {
        calls.addJsonCall(n, body);
      }
      at = end < 0 ? -1 : text.indexOf(open, end + close.length());
    }
    return calls.result(Calls.content(text.substring(0, first)), text);
  }
}
