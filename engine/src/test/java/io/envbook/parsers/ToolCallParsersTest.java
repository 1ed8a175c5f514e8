package io.envbook.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.model.ToolCall;
import io.envbook.model.ToolCallParser;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Each format: single, multiple, text around, truncated, malformed beside valid, and no call at all. */
class ToolCallParsersTest {
  static final String DS_BEGIN = "<｜tool▁calls▁begin｜>";
  static final String DS_CALL = "<｜tool▁call▁begin｜>";
  static final String DS_SEP = "<｜tool▁sep｜>";
  static final String DS_END = "<｜tool▁call▁end｜>";
  static final String DS_ENDS = "<｜tool▁calls▁end｜>";

  /**
   * parser, text, expected content, expected "name args" of each call, expected error count. When no
   * call can be read the whole text stays the content, as in Hermes.
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        // hermes and qwen
        Arguments.of("hermes", "Let me look.\n<tool_call>\n{\"name\":\"terminal\",\"arguments\":{\"command\":\"ls\"}}\n</tool_call>",
            "Let me look.", List.of("terminal {\"command\": \"ls\"}"), 0),
        Arguments.of("hermes", "<tool_call>{\"name\":\"a\",\"arguments\":{}}</tool_call>\n<tool_call>{\"name\":\"b\",\"arguments\":{\"x\":1}}</tool_call>",
            null, List.of("a {}", "b {\"x\": 1}"), 0),
        Arguments.of("hermes", "ok <tool_call>{\"name\":\"a\",\"arguments\":{\"x\":1}}</tool_call><tool_call>{\"name\":\"b\",\"arguments\":{\"y\":",
            "ok", List.of("a {\"x\": 1}"), 1),
        Arguments.of("hermes", "<tool_call>{\"name\":\"a\",\"arguments\":{\"x\":1}}", null, List.of("a {\"x\": 1}"), 0),
        Arguments.of("qwen", "<tool_call>{\"name\":\"a\",\"arguments\":\"{\\\"x\\\": 2}\"}</tool_call>", null, List.of("a {\"x\": 2}"), 0),
        Arguments.of("hermes", "<tool_call>{\"arguments\":{}}</tool_call><tool_call>{\"name\":\"b\"}</tool_call>", null, List.of("b {}"), 1),
        Arguments.of("longcat", "x <longcat_tool_call>{\"name\":\"a\",\"arguments\":{\"q\":\"y\"}}</longcat_tool_call>", "x",
            List.of("a {\"q\": \"y\"}"), 0),
        // mistral, both formats
        Arguments.of("mistral", "Sure[TOOL_CALLS]get_weather{\"city\":\"Paris\"}", "Sure", List.of("get_weather {\"city\": \"Paris\"}"), 0),
        Arguments.of("mistral", "[TOOL_CALLS]a{\"x\":1}[TOOL_CALLS]b{\"y\":{\"z\":[1,2]}}", null, List.of("a {\"x\": 1}", "b {\"y\": {\"z\": [1, 2]}}"), 0),
        Arguments.of("mistral", "[TOOL_CALLS] [{\"name\":\"a\",\"arguments\":{\"x\":1}},{\"name\":\"b\",\"arguments\":{}}]", null,
            List.of("a {\"x\": 1}", "b {}"), 0),
        Arguments.of("mistral", "[TOOL_CALLS] [{\"name\":\"a\",\"arguments\":{\"n\":{\"d\":1}}}, {\"name\":\"b\",\"arguments\":{", null,
            List.of("a {\"n\": {\"d\": 1}}"), 0),
        Arguments.of("mistral", "[TOOL_CALLS]a{\"x\":", null, List.of("a {\"x\":"), 0),
        // llama
        Arguments.of("llama3_json", "<|python_tag|>{\"name\":\"get_weather\",\"parameters\":{\"city\":\"Paris\"}}", null,
            List.of("get_weather {\"city\": \"Paris\"}"), 0),
        Arguments.of("llama4_json", "I will call two. {\"name\":\"a\",\"arguments\":{\"x\":1}}; {\"name\":\"b\",\"parameters\":{}}",
            "I will call two.", List.of("a {\"x\": 1}", "b {}"), 0),
        Arguments.of("llama3_json", "<|python_tag|>{\"name\":\"a\",\"parameters\":{\"x\":1}}; {\"name\":\"b\",\"parameters\":{\"y\":", null,
            List.of("a {\"x\": 1}"), 0),
        // qwen3_coder
        Arguments.of("qwen3_coder", "Running.\n<tool_call>\n<function=terminal>\n<parameter=command>\nls -la\n</parameter>\n<parameter=timeout>\n30\n</parameter>\n</function>\n</tool_call>",
            "Running.", List.of("terminal {\"command\": \"ls -la\", \"timeout\": 30}"), 0),
        Arguments.of("qwen3_coder", "<tool_call><function=a><parameter=x>1</parameter></function></tool_call><tool_call><function=b><parameter=y>null</parameter></function></tool_call>",
            null, List.of("a {\"x\": 1}", "b {\"y\": null}"), 0),
        Arguments.of("qwen3_coder", "<tool_call>\n<function=a>\n<parameter=path>\nsrc/x.py", null, List.of("a {\"path\": \"src/x.py\"}"), 0),
        // deepseek
        Arguments.of("deepseek_v3", "Hi" + DS_BEGIN + DS_CALL + "function" + DS_SEP + "get\n```json\n{\"a\": 1,\n \"b\": 2}\n```" + DS_END
            + DS_CALL + "function" + DS_SEP + "put\n```json\n{\"c\": 3}\n```" + DS_END + DS_ENDS, "Hi", List.of("get {\"a\": 1,\n \"b\": 2}", "put {\"c\": 3}"), 0),
        Arguments.of("deepseek_v3_1", DS_BEGIN + DS_CALL + "get" + DS_SEP + "{\"a\":1}" + DS_END + DS_CALL + "put" + DS_SEP + "{\"b\":" + DS_END + DS_ENDS,
            null, List.of("get {\"a\":1}", "put {\"b\":"), 0),
        Arguments.of("deepseek_v31", "x" + DS_BEGIN + DS_CALL + "get" + DS_SEP + "{\"a\":1}", "x", List.of("get {\"a\":1}"), 0),
        // kimi
        Arguments.of("kimi_k2", "ok<|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>{\"city\":\"Paris\"}<|tool_call_end|>"
            + "<|tool_call_begin|>functions.search:1<|tool_call_argument_begin|>{\"q\":\"x\"}<|tool_call_end|><|tool_calls_section_end|>", "ok",
            List.of("get_weather {\"city\":\"Paris\"}", "search {\"q\":\"x\"}"), 0),
        // glm
        Arguments.of("glm45", "Checking.<tool_call>get_weather\n<arg_key>city</arg_key>\n<arg_value>Paris</arg_value>\n<arg_key>days</arg_key>\n<arg_value>3</arg_value>\n</tool_call>",
            "Checking.", List.of("get_weather {\"city\": \"Paris\", \"days\": 3}"), 0),
        Arguments.of("glm45", "<tool_call>a<arg_key>x</arg_key><arg_value>1</arg_value></tool_call><tool_call>b\n<arg_key>y</arg_key><arg_value>2</arg_value></tool_call>",
            null, List.of("b {\"y\": 2}"), 1),
        Arguments.of("glm47", "<tool_call>get_weather<arg_key>city</arg_key> <arg_value>Paris</arg_value></tool_call>", null,
            List.of("get_weather {\"city\": \"Paris\"}"), 0),
        Arguments.of("glm47", "<tool_call>get_weather<arg_key>city</arg_key>", "<tool_call>get_weather<arg_key>city</arg_key>", List.of(), 1),
        // the remaining cases of each format: multiple, truncated, malformed beside valid, text around
        Arguments.of("longcat", "<longcat_tool_call>{\"name\":\"a\",\"arguments\":{}}</longcat_tool_call><longcat_tool_call>{\"name\":\"b\",\"arguments\":{\"y\":",
            null, List.of("a {}"), 1),
        Arguments.of("longcat", "<longcat_tool_call>{\"name\":\"a\",\"arguments\":{\"x\":1}}", null, List.of("a {\"x\": 1}"), 0),
        Arguments.of("llama4_json", "<|python_tag|>{\"name\":\"a\",\"parameters\":{\"x\":1}}", null, List.of("a {\"x\": 1}"), 0),
        Arguments.of("llama4_json", "<|python_tag|>{\"name\":\"a\",\"parameters\":{\"x\":", "<|python_tag|>{\"name\":\"a\",\"parameters\":{\"x\":", List.of(), 1),
        Arguments.of("qwen3_coder", "<tool_call><function=a><parameter=x>1</parameter></function></tool_call><tool_call><function=><parameter=y>2</parameter></function></tool_call>",
            null, List.of("a {\"x\": 1}"), 1),
        Arguments.of("deepseek_v3", DS_BEGIN + DS_CALL + "function" + DS_SEP + "get\n```json\n{\"a\": 1}\n```" + DS_END + DS_CALL + "function"
            + DS_SEP + "put\n```json\n{\"b\":\n```" + DS_END, null, List.of("get {\"a\": 1}", "put {\"b\":"), 0),
        Arguments.of("deepseek_v3", "x" + DS_BEGIN + DS_CALL + "function" + DS_SEP + "get\n```json\n{\"a\": 1}\n```", "x",
            List.of("get {\"a\": 1}"), 0),
        Arguments.of("deepseek_v3", DS_BEGIN + DS_CALL + "function" + DS_SEP + "get no fence", DS_BEGIN + DS_CALL + "function" + DS_SEP + "get no fence", List.of(), 1),
        Arguments.of("deepseek_v31", DS_BEGIN + DS_CALL + "a" + DS_SEP + "{}" + DS_END + DS_CALL + "b" + DS_SEP + "{\"y\":2}" + DS_END + DS_ENDS,
            null, List.of("a {}", "b {\"y\":2}"), 0),
        Arguments.of("kimi_k2", "<|tool_call_section_begin|><|tool_call_begin|>functions.f:0<|tool_call_argument_begin|>{\"x\":1}", null,
            List.of("f {\"x\":1}"), 0),
        Arguments.of("kimi_k2", "<|tool_calls_section_begin|><|tool_call_begin|>functions.f:0<|tool_call_argument_begin|>{\"x\":<|tool_call_end|>"
            + "<|tool_call_begin|>functions.g:1<|tool_call_argument_begin|>{}<|tool_call_end|><|tool_calls_section_end|>", null,
            List.of("f {\"x\":", "g {}"), 0),
        Arguments.of("glm45", "<tool_call>a\n<arg_key>x</arg_key><arg_value>1</arg_value></tool_call><tool_call>b\n<arg_key>y</arg_key>"
            + "<arg_value>two</arg_value></tool_call>", null, List.of("a {\"x\": 1}", "b {\"y\": \"two\"}"), 0),
        Arguments.of("glm45", "<tool_call>a\n<arg_key>x</arg_key><arg_value>1</arg_value>", "<tool_call>a\n<arg_key>x</arg_key><arg_value>1</arg_value>", List.of(), 1),
        Arguments.of("glm47", "Sure. <tool_call>a<arg_key>x</arg_key><arg_value>1</arg_value></tool_call> then <tool_call><arg_key>y</arg_key>"
            + "<arg_value>2</arg_value></tool_call>", "Sure.", List.of("a {\"x\": 1}"), 1),
        Arguments.of("mistral", "Hello [TOOL_CALLS] [{\"name\":\"a\",\"arguments\":{}}] trailing", "Hello", List.of("a {}"), 0));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void parses(String parser, String text, String content, List<String> calls, int errors) {
    ToolCallParser.Result r = ToolCallParsers.get(parser).parse(text);

    assertThat(r.content()).isEqualTo(content);
    assertThat(r.calls()).extracting(c -> c.name() + " " + c.arguments()).containsExactlyElementsOf(calls);
    assertThat(r.errors()).hasSize(errors);
  }

  @ParameterizedTest
  @MethodSource("names")
  void textWithoutACallIsLeftAsItIs(String parser) {
    ToolCallParser.Result r = ToolCallParsers.get(parser).parse("Just an answer: {\"note\": 1}");

    assertThat(r.found()).isFalse();
    assertThat(r.content()).isEqualTo("Just an answer: {\"note\": 1}");
  }

  static Stream<String> names() {
    return ToolCallParsers.names().stream();
  }

  @Test
  void idsFollowEachFormat() {
    assertThat(ToolCallParsers.get("hermes").parse("<tool_call>{\"name\":\"a\"}</tool_call>").calls().get(0).id()).matches("call_[0-9a-f]{8}");
    assertThat(ToolCallParsers.get("mistral").parse("[TOOL_CALLS]a{}").calls().get(0).id()).matches("[A-Za-z0-9]{9}");
    assertThat(ToolCallParsers.get("qwen3_coder").parse("<function=a></function>").calls().get(0).id()).matches("call_[0-9a-f]{24}");
    ToolCall kimi = ToolCallParsers.get("kimi_k2").parse("<|tool_call_begin|>functions.f:3<|tool_call_argument_begin|>{}<|tool_call_end|>")
        .calls().get(0);
    assertThat(kimi.id()).isEqualTo("functions.f:3");
  }

  @Test
  void anUnknownParserNameSuggestsTheClosest() {
    assertThatThrownBy(() -> ToolCallParsers.get("hermez")).hasMessageStartingWith("unknown tool-call parser `hermez`: did you mean `hermes`? Parsers: hermes, qwen,");
  }
}
