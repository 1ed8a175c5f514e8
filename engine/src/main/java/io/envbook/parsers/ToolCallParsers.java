package io.envbook.parsers;

import io.envbook.model.ToolCallParser;
import io.envbook.util.Suggest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tool-call parsers by the names Hermes used: {@code hermes}, {@code qwen}, {@code longcat},
 * {@code mistral}, {@code llama3_json}, {@code llama4_json}, {@code qwen3_coder}, {@code deepseek_v3},
 * {@code deepseek_v3_1} / {@code deepseek_v31}, {@code kimi_k2}, {@code glm45}, {@code glm47}.
 *
 * <pre>{@code
 * ToolCallParser.Result r = ToolCallParsers.get("hermes").parse(text);
 * }</pre>
 */
public final class ToolCallParsers {
  private static final Map<String, Supplier<ToolCallParser>> ALL = new LinkedHashMap<>();

  static {
    ALL.put("hermes", () -> new TaggedJsonParser("hermes", "tool_call"));
    ALL.put("qwen", () -> new TaggedJsonParser("qwen", "tool_call"));
    ALL.put("longcat", () -> new TaggedJsonParser("longcat", "longcat_tool_call"));
    ALL.put("mistral", MistralParser::new);
    ALL.put("llama3_json", () -> new LlamaJsonParser("llama3_json"));
    ALL.put("llama4_json", () -> new LlamaJsonParser("llama4_json"));
    ALL.put("qwen3_coder", Qwen3CoderParser::new);
    ALL.put("deepseek_v3", () -> new SpecialTokenParser("deepseek_v3"));
    ALL.put("deepseek_v3_1", () -> new SpecialTokenParser("deepseek_v3_1"));
    ALL.put("deepseek_v31", () -> new SpecialTokenParser("deepseek_v31"));
    ALL.put("kimi_k2", () -> new SpecialTokenParser("kimi_k2"));
    ALL.put("glm45", () -> new GlmParser(true));
    ALL.put("glm47", () -> new GlmParser(false));
  }

  private ToolCallParsers() {}

  public static ToolCallParser get(String name) {
    Supplier<ToolCallParser> s = ALL.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown tool-call parser `" + name + "`:" + Suggest.didYouMean(name, ALL.keySet())
          + " Parsers: " + String.join(", ", ALL.keySet()));
    }
    return s.get();
  }

  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }
}
