package io.envbook.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cases of Hermes-Agent's own parser tests (tests/environments/tool_call_parsers, read
 * 2026-11-24), run against envbook's parsers: the same text gives the same call names, the same
 * arguments (compared as JSON values) and the same content. Where Hermes returns the whole text as
 * content for a malformed call, envbook also reports the malformed call as an error the model sees.
 */
class HermesCompatibilityTest {
  static final String DS_ALL = "<｜tool▁calls▁begin｜>";
  static final String DS_ALL_END = "<｜tool▁calls▁end｜>";

  static ToolCallParser.Result parse(String parser, String text) {
    return ToolCallParsers.get(parser).parse(text);
  }

  static List<String> names(ToolCallParser.Result r) {
    return r.calls().stream().map(ToolCall::name).toList();
  }

  static Object args(ToolCall c) {
    return Json.toPlain(Json.parse(c.arguments()));
  }

  static String deepseekCall(String name, String args) {
    return "<｜tool▁call▁begin｜>function<｜tool▁sep｜>" + name + "\n```json\n" + args + "\n```\n<｜tool▁call▁end｜>";
  }

  @Test
  void plainTextIsContentWithoutCallsInEveryFormat() {
    for (String p : ToolCallParsers.names()) {
      ToolCallParser.Result r = parse(p, "Just a normal response.");
      assertThat(r.content()).as(p).isEqualTo("Just a normal response.");
      assertThat(r.calls()).as(p).isEmpty();
    }
  }

  @Test
  void hermes() {
    ToolCallParser.Result one = parse("hermes", "<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"NYC\"}}</tool_call>");
    assertThat(one.content()).isNull();
    assertThat(names(one)).containsExactly("get_weather");
    assertThat(args(one.calls().get(0))).isEqualTo(Map.of("city", "NYC"));

    ToolCallParser.Result two = parse("hermes",
        "<tool_call>{\"name\": \"a\", \"arguments\": {}}</tool_call><tool_call>{\"name\": \"b\", \"arguments\": {\"x\": 1}}</tool_call>");
    assertThat(two.content()).isNull();
    assertThat(names(two)).containsExactly("a", "b");
    assertThat(args(two.calls().get(1))).isEqualTo(Map.of("x", 1));

    ToolCallParser.Result before = parse("hermes",
        "Let me check that. <tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"NYC\"}}</tool_call>");
    assertThat(before.content()).isEqualTo("Let me check that.");

    String malformed = "<tool_call>{\"name\": not-json}</tool_call>";
    ToolCallParser.Result bad = parse("hermes", malformed);
    assertThat(bad.calls()).isEmpty();
    assertThat(bad.content()).isEqualTo(malformed);
    assertThat(bad.errors()).as("Hermes returns the text as content only; envbook also tells the model").hasSize(1);

    ToolCallParser.Result truncated = parse("hermes", "<tool_call>{\"name\": \"truncated\", \"arguments\": {}}");
    assertThat(names(truncated)).containsExactly("truncated");

    ToolCallParser.Result noArgs = parse("hermes", "<tool_call>{\"name\": \"ping\"}</tool_call>");
    assertThat(args(noArgs.calls().get(0))).isEqualTo(Map.of());
  }

  @Test
  void qwenIsTheHermesFormat() {
    ToolCallParser.Result one = parse("qwen", "<tool_call>{\"name\": \"x\", \"arguments\": {\"a\": 1}}</tool_call>");
    assertThat(one.content()).isNull();
    assertThat(args(one.calls().get(0))).isEqualTo(Map.of("a", 1));
  }

  @Test
  void longcatReadsOnlyItsOwnTag() {
    ToolCallParser.Result one = parse("longcat", "<longcat_tool_call>{\"name\": \"search\", \"arguments\": {\"q\": \"hi\"}}</longcat_tool_call>");
    assertThat(one.content()).isNull();
    assertThat(args(one.calls().get(0))).isEqualTo(Map.of("q", "hi"));
    assertThat(names(parse("longcat", "<longcat_tool_call>{\"name\":\"a\",\"arguments\":{}}</longcat_tool_call>"
        + "<longcat_tool_call>{\"name\":\"b\",\"arguments\":{}}</longcat_tool_call>"))).containsExactly("a", "b");
    assertThat(parse("longcat", "Preamble. <longcat_tool_call>{\"name\":\"x\",\"arguments\":{}}</longcat_tool_call>").content())
        .isEqualTo("Preamble.");
    String bad = "<longcat_tool_call>{bad}</longcat_tool_call>";
    assertThat(parse("longcat", bad).content()).isEqualTo(bad);
    assertThat(parse("longcat", bad).calls()).isEmpty();
    String hermesTag = "<tool_call>{\"name\":\"x\",\"arguments\":{}}</tool_call>";
    assertThat(parse("longcat", hermesTag).content()).isEqualTo(hermesTag);
    assertThat(parse("longcat", hermesTag).calls()).isEmpty();
  }

  @Test
  void emptyAndSpreadOverLinesPayloads() {
    assertThat(parse("hermes", "<tool_call>   </tool_call>").calls()).isEmpty();
    assertThat(args(parse("hermes", "<tool_call>\n{\n  \"name\": \"a\", \"arguments\": {\"x\": \"héllo\"}\n}\n</tool_call>").calls().get(0)))
        .isEqualTo(Map.of("x", "héllo"));
    assertThat(parse("hermes", "<tool_call>{\"name\": \"a\", \"arguments\": {\"x\": \"héllo\"}}</tool_call>").calls().get(0).arguments())
        .as("unicode is not escaped, as Hermes' json.dumps(ensure_ascii=False)").contains("héllo");
  }

  @Test
  void mistralBothFormats() {
    ToolCallParser.Result array = parse("mistral",
        "content before[TOOL_CALLS] [{\"name\":\"a\",\"arguments\":{\"x\":1}}, {\"name\":\"b\",\"arguments\":{\"y\":2}}]");
    assertThat(array.content()).isEqualTo("content before");
    assertThat(names(array)).containsExactly("a", "b");
    assertThat(args(array.calls().get(1))).isEqualTo(Map.of("y", 2));

    ToolCallParser.Result single = parse("mistral", "hi[TOOL_CALLS] {\"name\":\"a\",\"arguments\":{\"x\":1}}");
    assertThat(single.content()).isEqualTo("hi");
    assertThat(names(single)).containsExactly("a");

    ToolCallParser.Result v11 = parse("mistral", "pre[TOOL_CALLS]get_weather{\"city\":\"NYC\"}[TOOL_CALLS]ping{}");
    assertThat(v11.content()).isEqualTo("pre");
    assertThat(names(v11)).containsExactly("get_weather", "ping");
    assertThat(args(v11.calls().get(0))).isEqualTo(Map.of("city", "NYC"));

    assertThat(parse("mistral", "x[TOOL_CALLS] [{bad]").calls()).isEmpty();

    String id = parse("mistral", "[TOOL_CALLS] [{\"name\":\"a\",\"arguments\":{}}]").calls().get(0).id();
    assertThat(id).hasSize(9).matches("[A-Za-z0-9]+");
  }

  @Test
  void llamaJson() {
    assertThat(names(parse("llama3_json", "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"NYC\"}}"))).containsExactly("get_weather");
    assertThat(names(parse("llama3_json", "<|python_tag|>{\"name\": \"ping\", \"arguments\": {}}"))).containsExactly("ping");
    assertThat(args(parse("llama3_json", "{\"name\": \"search\", \"parameters\": {\"q\": \"x\"}}").calls().get(0)))
        .isEqualTo(Map.of("q", "x"));
    assertThat(names(parse("llama3_json", "{\"name\":\"a\",\"arguments\":{\"x\":1}} {\"name\":\"b\",\"arguments\":{\"y\":2}}")))
        .containsExactly("a", "b");
    ToolCallParser.Result preamble = parse("llama3_json", "preamble {\"name\":\"a\",\"arguments\":{}}");
    assertThat(preamble.content()).isEqualTo("preamble");
    assertThat(names(preamble)).containsExactly("a");
    ToolCallParser.Result notACall = parse("llama3_json", "{\"foo\": \"bar\"}");
    assertThat(notACall.calls()).isEmpty();
    assertThat(notACall.content()).isEqualTo("{\"foo\": \"bar\"}");
    assertThat(names(parse("llama4_json", "{\"name\":\"x\",\"arguments\":{}}"))).containsExactly("x");
  }

  @Test
  void qwen3CoderConvertsParameterValues() {
    String one = "<tool_call>\n<function=get_weather>\n<parameter=city>NYC</parameter>\n</function>\n</tool_call>";
    assertThat(names(parse("qwen3_coder", one))).containsExactly("get_weather");
    assertThat(args(parse("qwen3_coder", one).calls().get(0))).isEqualTo(Map.of("city", "NYC"));
    assertThat(args(parse("qwen3_coder", "<tool_call>\n<function=count>\n<parameter=n>42</parameter>\n</function>\n</tool_call>")
        .calls().get(0))).isEqualTo(Map.of("n", 42));
    Object nullArg = args(parse("qwen3_coder", "<tool_call>\n<function=optional>\n<parameter=x>null</parameter>\n</function>\n</tool_call>")
        .calls().get(0));
    assertThat(nullArg).isEqualTo(java.util.Collections.singletonMap("x", null));
    assertThat(args(parse("qwen3_coder",
        "<tool_call>\n<function=f>\n<parameter=a>1</parameter>\n<parameter=b>two</parameter>\n</function>\n</tool_call>").calls().get(0)))
        .isEqualTo(Map.of("a", 1, "b", "two"));
  }

  @Test
  void deepseekV3() {
    ToolCallParser.Result one = parse("deepseek_v3", DS_ALL + "\n" + deepseekCall("get_weather", "{\"city\": \"NYC\"}") + "\n" + DS_ALL_END);
    assertThat(names(one)).containsExactly("get_weather");
    assertThat(args(one.calls().get(0))).isEqualTo(Map.of("city", "NYC"));
    ToolCallParser.Result two = parse("deepseek_v3",
        DS_ALL + "\n" + deepseekCall("a", "{}") + "\n" + deepseekCall("b", "{\"y\": 2}") + "\n" + DS_ALL_END);
    assertThat(names(two)).containsExactly("a", "b");
    assertThat(args(two.calls().get(1))).isEqualTo(Map.of("y", 2));
    assertThat(parse("deepseek_v3", "thinking... " + DS_ALL + "\n" + deepseekCall("x", "{}") + "\n" + DS_ALL_END).content())
        .isEqualTo("thinking...");
    String unmatched = DS_ALL + " but no call blocks";
    assertThat(parse("deepseek_v3", unmatched).calls()).isEmpty();
    assertThat(parse("deepseek_v3", unmatched).errors()).as("envbook also tells the model").hasSize(1);
    assertThat(parse("deepseek_v3", unmatched).content()).isEqualTo(unmatched);
  }

  @Test
  void deepseekV31KeepsArgumentsAsWritten() {
    String open = "<｜tool▁call▁begin｜>";
    String sep = "<｜tool▁sep｜>";
    String close = "<｜tool▁call▁end｜>";
    ToolCallParser.Result one = parse("deepseek_v3_1", DS_ALL + "\n" + open + "search" + sep + "{\"q\": \"x\"}" + close);
    assertThat(names(one)).containsExactly("search");
    assertThat(one.calls().get(0).arguments()).isEqualTo("{\"q\": \"x\"}");
    assertThat(names(parse("deepseek_v31", DS_ALL + "\n" + open + "a" + sep + "{}" + close + "\n" + open + "b" + sep + "{}" + close)))
        .containsExactly("a", "b");
    assertThat(parse("deepseek_v3_1", "preface " + DS_ALL + open + "x" + sep + "{}" + close).content()).isEqualTo("preface");
  }

  @Test
  void glm47ReadsGlm45Calls() {
    ToolCallParser.Result one = parse("glm47", "<tool_call>get_weather\n<arg_key>city</arg_key><arg_value>NYC</arg_value>\n</tool_call>");
    assertThat(names(one)).containsExactly("get_weather");
    assertThat(args(one.calls().get(0))).isEqualTo(Map.of("city", "NYC"));
  }

  @Test
  void kimiK2TakesTheNameFromTheCallId() {
    ToolCallParser.Result one = parse("kimi_k2", "<|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0"
        + "<|tool_call_argument_begin|>{\"city\":\"NYC\"}<|tool_call_end|><|tool_calls_section_end|>");
    assertThat(names(one)).containsExactly("get_weather");
    assertThat(one.calls().get(0).arguments()).isEqualTo("{\"city\":\"NYC\"}");
    assertThat(one.calls().get(0).id()).isEqualTo("functions.get_weather:0");
    assertThat(names(parse("kimi_k2", "<|tool_calls_section_begin|><|tool_call_begin|>functions.a:0<|tool_call_argument_begin|>{}"
        + "<|tool_call_end|><|tool_call_begin|>functions.b:1<|tool_call_argument_begin|>{\"x\":1}<|tool_call_end|><|tool_calls_section_end|>")))
        .containsExactly("a", "b");
    assertThat(names(parse("kimi_k2", "<|tool_calls_section_begin|><|tool_call_begin|>ping:0<|tool_call_argument_begin|>{}<|tool_call_end|>")))
        .containsExactly("ping");
    assertThat(names(parse("kimi_k2",
        "<|tool_call_section_begin|><|tool_call_begin|>functions.ping:0<|tool_call_argument_begin|>{}<|tool_call_end|>")))
        .containsExactly("ping");
    String empty = "<|tool_calls_section_begin|> nothing inside";
    assertThat(parse("kimi_k2", empty).calls()).isEmpty();
    assertThat(parse("kimi_k2", empty).content()).isEqualTo(empty);
  }

  @Test
  void glm45DeserialisesArgumentValues() {
    ToolCallParser.Result one = parse("glm45", "<tool_call>get_weather\n<arg_key>city</arg_key><arg_value>NYC</arg_value>\n"
        + "<arg_key>units</arg_key><arg_value>metric</arg_value>\n</tool_call>");
    assertThat(names(one)).containsExactly("get_weather");
    assertThat(args(one.calls().get(0))).isEqualTo(Map.of("city", "NYC", "units", "metric"));
    assertThat(args(parse("glm45", "<tool_call>count\n<arg_key>n</arg_key><arg_value>42</arg_value>\n</tool_call>").calls().get(0)))
        .isEqualTo(Map.of("n", 42));
    assertThat(args(parse("glm45", "<tool_call>batch\n<arg_key>items</arg_key><arg_value>[1, 2, 3]</arg_value>\n</tool_call>")
        .calls().get(0))).isEqualTo(Map.of("items", List.of(1, 2, 3)));
    ToolCallParser.Result two = parse("glm45", "<tool_call>a\n</tool_call><tool_call>b\n<arg_key>x</arg_key><arg_value>1</arg_value></tool_call>");
    assertThat(names(two)).containsExactly("a", "b");
    assertThat(args(two.calls().get(1))).isEqualTo(Map.of("x", 1));
    assertThat(parse("glm45", "thinking...\n<tool_call>x\n</tool_call>").content()).isEqualTo("thinking...");
  }
}
