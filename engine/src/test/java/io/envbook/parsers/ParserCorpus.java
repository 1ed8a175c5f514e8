package io.envbook.parsers;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of realistic model output for every tool-call parser: prose, think blocks that
 * mention (or hold a whole) call, one to three calls with nested, unicode and escaped arguments,
 * strings holding other tags, fences, whitespace and CRLF variants, malformed JSON, and answers cut
 * at a random point. The same parser and seed always give the same texts.
 *
 * <pre>
 * java -cp engine/target/test-classes:engine/target/classes:... io.envbook.parsers.ParserCorpus cases.jsonl 1000 1
 * </pre>
 * dumps {@code 1000} cases per parser from seed {@code 1} as JSONL ({@code id}, {@code parser},
 * {@code text}, and envbook's {@code content} and {@code calls}), for a differential run.
 */
final class ParserCorpus {
  record Case(String id, String parser, String text) {}

  private static final List<String> PROSE = List.of("Let me check that.", "I'll run the command now.", "Sure — here goes:",
      "Looking at the files first.", "Voilà, je lance la recherche.", "好的，我来查一下。", "Calling {the tool} with the path.");

  private ParserCorpus() {}

  static List<Case> cases(String parser, long seed, int count) {
    Random random = new Random(seed * 7919 + parser.hashCode());
    CorpusValues v = new CorpusValues(random);
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new Case(parser + "/" + seed + "/" + i, parser, text(parser, v)));
    }
    return out;
  }

  private static String text(String parser, CorpusValues v) {
    StringBuilder sb = new StringBuilder();
    if (v.chance(0.3)) {
      boolean opened = v.chance(0.8);
      sb.append(opened ? "<think>\n" : "").append("The user wants something done. ");
      if (v.chance(0.6)) {
        sb.append("I should answer with ").append(v.chance(0.5) ? mention(parser) : call(parser, v, 0)).append(" and wait. ");
      }
      sb.append("\n</think>\n\n");
    }
    if (v.chance(0.7)) {
      sb.append(v.pick(PROSE)).append(v.pick(List.of(" ", "\n", "\n\n", "")));
    }
    sb.append(calls(parser, v));
    if (v.chance(0.15)) {
      sb.append(v.pick(List.of("\nDone.", " I will wait for the result.", "\n")));
    }
    String text = sb.toString();
    if (v.chance(0.15)) {
      text = text.replace("\n", "\r\n");
    }
    if (v.chance(0.12)) {
      text = malformed(text, v);
    }
    if (v.chance(0.15) && !text.isEmpty()) {
      text = text.substring(0, v.between(text.length() / 3, text.length() - 1));
    }
    return text;
  }

  /** The opening tag of the format, as a model mentions it while reasoning. */
  private static String mention(String parser) {
    return switch (parser) {
      case "longcat" -> "<longcat_tool_call> tags";
      case "mistral" -> "[TOOL_CALLS] then the name";
      case "llama3_json", "llama4_json" -> "<|python_tag|> and a {\"name\": ...} object";
      case "qwen3_coder" -> "<tool_call> and <function=terminal>";
      case "deepseek_v3", "deepseek_v3_1", "deepseek_v31" -> "<｜tool▁calls▁begin｜>";
      case "kimi_k2" -> "<|tool_calls_section_begin|>";
      default -> "<tool_call> tags";
    };
  }

  private static String calls(String parser, CorpusValues v) {
    int n = v.between(1, 3);
    StringBuilder sb = new StringBuilder();
    String sep = v.pick(List.of("\n", "", "\n\n", " "));
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? separator(parser, sep) : "").append(call(parser, v, i));
    }
    return switch (parser) {
      case "deepseek_v3", "deepseek_v3_1", "deepseek_v31" -> "<｜tool▁calls▁begin｜>" + sep + sb + sep + "<｜tool▁calls▁end｜>";
      case "kimi_k2" -> v.pick(List.of("<|tool_calls_section_begin|>", "<|tool_call_section_begin|>")) + sb + "<|tool_calls_section_end|>";
      case "mistral" -> mistral(v, n, sb.toString());
      case "llama3_json", "llama4_json" -> (v.chance(0.6) ? "<|python_tag|>" : "") + sb;
      default -> sb.toString();
    };
  }

  private static String separator(String parser, String sep) {
    return parser.startsWith("llama") ? "; " : parser.equals("mistral") ? "" : sep;
  }

  /** Mistral before v11 lists the calls as JSON after one token; from v11 each call has its own token. */
  private static String mistral(CorpusValues v, int n, String v11) {
    if (v.chance(0.6)) {
      return v11;
    }
    List<String> objects = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      objects.add(v.json(CorpusValues.object("name", v.pick(CorpusValues.NAMES), "arguments", v.arguments())));
    }
    return "[TOOL_CALLS]" + v.pick(List.of(" ", "")) + (n == 1 && v.chance(0.3) ? objects.get(0) : "[" + String.join(", ", objects) + "]");
  }

  private static String call(String parser, CorpusValues v, int index) {
    String name = v.pick(CorpusValues.NAMES);
    Map<String, Object> args = v.arguments();
    String nl = v.pick(List.of("\n", "\n", "", " ", "\n\n"));
    return switch (parser) {
      case "hermes", "qwen" -> "<tool_call>" + nl + v.json(hermesObject(v, name, args)) + nl + "</tool_call>";
      case "longcat" -> "<longcat_tool_call>" + nl + v.json(hermesObject(v, name, args)) + nl + "</longcat_tool_call>";
      case "mistral" -> "[TOOL_CALLS]" + name + v.pick(List.of("", "", " ")) + v.json(args);
      case "llama3_json", "llama4_json" -> v.json(CorpusValues.object("name", name, v.chance(0.5) ? "parameters" : "arguments", args));
      case "qwen3_coder" -> qwen3Coder(v, name, args, nl);
      case "deepseek_v3" -> "<｜tool▁call▁begin｜>function<｜tool▁sep｜>" + name + v.pick(List.of("\n", "\n", " ", "", "\n\n", " \n"))
          + "```json" + v.pick(List.of("\n", "\n", " ", "")) + v.json(args) + v.pick(List.of("\n", "\n", " ", "")) + "```"
          + v.pick(List.of("", "\n")) + "<｜tool▁call▁end｜>";
      case "deepseek_v3_1", "deepseek_v31" -> "<｜tool▁call▁begin｜>" + name + "<｜tool▁sep｜>" + v.json(args) + "<｜tool▁call▁end｜>";
      case "kimi_k2" -> "<|tool_call_begin|>" + (v.chance(0.8) ? "functions." : "") + name + ":" + index + "<|tool_call_argument_begin|>"
          + v.json(args) + "<|tool_call_end|>";
      case "glm45", "glm47" -> glm(v, name, args, parser.equals("glm45") || v.chance(0.5) ? "\n" : "");
      default -> throw new IllegalArgumentException(parser);
    };
  }

  private static Object hermesObject(CorpusValues v, String name, Map<String, Object> args) {
    if (v.chance(0.1)) {
      return CorpusValues.object("name", name);
    }
    return CorpusValues.object("name", name, "arguments", v.chance(0.1) ? v.json(args) : args);
  }

  /** A parameter value as models write it: strings bare, other values as JSON or as Python. */
  private static String text(CorpusValues v, Object value) {
    if (value instanceof String s) {
      return s;
    }
    return v.chance(0.5) ? CorpusValues.python(value) : v.json(value);
  }

  private static String qwen3Coder(CorpusValues v, String name, Map<String, Object> args, String nl) {
    StringBuilder sb = new StringBuilder("<tool_call>" + nl + "<function=" + name + ">" + nl);
    for (Map.Entry<String, Object> e : args.entrySet()) {
      sb.append("<parameter=").append(e.getKey()).append(">").append(nl).append(text(v, e.getValue())).append(nl);
      sb.append(v.chance(0.9) ? "</parameter>" + nl : "");
    }
    return sb.append("</function>").append(nl).append("</tool_call>").toString();
  }

  private static String glm(CorpusValues v, String name, Map<String, Object> args, String nl) {
    StringBuilder sb = new StringBuilder("<tool_call>" + name + nl);
    for (Map.Entry<String, Object> e : args.entrySet()) {
      sb.append("<arg_key>").append(e.getKey()).append("</arg_key>").append(v.pick(List.of("\n", "", " ")));
      sb.append("<arg_value>").append(text(v, e.getValue())).append("</arg_value>").append(nl);
    }
    return sb.append("</tool_call>").toString();
  }

  /** Breaks the JSON or markup somewhere: a lost quote, brace or comma, or a trailing comma. */
  private static String malformed(String text, CorpusValues v) {
    int at = text.indexOf(v.pick(List.of("\"", "}", ",", ":", ">")), v.between(0, Math.max(0, text.length() - 1)));
    if (at < 0) {
      return text;
    }
    return v.chance(0.7) ? text.substring(0, at) + text.substring(at + 1) : text.substring(0, at) + ",," + text.substring(at);
  }

  public static void main(String[] args) throws IOException {
    int count = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    try (Writer w = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
      for (String parser : ToolCallParsers.names()) {
        for (Case c : cases(parser, seed, count)) {
          w.write(ExpectedParses.line(c, ToolCallParsers.get(parser).parse(c.text())) + "\n");
        }
      }
    }
  }
}
