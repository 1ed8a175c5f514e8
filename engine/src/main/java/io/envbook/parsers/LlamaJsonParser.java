package io.envbook.parsers;

import io.envbook.model.ToolCallParser;

/**
 * {@code llama3_json} and {@code llama4_json}: an optional {@code <|python_tag|>} then one or more JSON
 * objects with {@code name} and {@code arguments} (or {@code parameters}), separated by anything
 * ({@code ;} for several). Content is the text before the tag, or before the first call.
 */
final class LlamaJsonParser implements ToolCallParser {
  private static final String TAG = "<|python_tag|>";
  private final String name;

  LlamaJsonParser(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Result parse(String text) {
    int from = Calls.afterReasoning(text, TAG);
    int tag = text.indexOf(TAG, from);
    if (tag < 0 && text.indexOf('{', from) < 0) {
      return Result.none(text);
    }
    Calls calls = new Calls();
    int firstCall = -1;
    int n = 0;
    // the whole text is scanned, not only what follows the tag: the tag may sit inside a string argument
    for (JsonScan.Found f : JsonScan.objects(text, from)) {
      if (f.node().has("name") && (f.node().has("arguments") || f.node().has("parameters"))) {
        calls.addObject(++n, f.node());
        firstCall = firstCall < 0 ? f.start() : firstCall;
      }
    }
    if (tag >= 0 && calls.calls.isEmpty() && text.indexOf('{', tag) >= 0) {
      calls.errors.add("the text after <|python_tag|> holds no valid tool call");
    }
    int contentEnd = tag >= 0 && (firstCall < 0 || tag < firstCall) ? tag : firstCall;
    return calls.result(contentEnd >= 0 ? Calls.content(text.substring(0, contentEnd)) : null, text);
  }
}
