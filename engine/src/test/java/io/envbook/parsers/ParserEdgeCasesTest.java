package io.envbook.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.model.ToolCallParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per class of model output where a differential run against Hermes' parsers (hermes-agent
 * d364132) found envbook wrong, and per class where envbook now does better than Hermes. Arguments
 * are compared byte for byte: they are what Python's {@code json.dumps(..., ensure_ascii=False)} writes.
 */
class ParserEdgeCasesTest {
  static final String DS_CALLS = "<｜tool▁calls▁begin｜>";
  static final String DS_CALL = "<｜tool▁call▁begin｜>function<｜tool▁sep｜>";
  static final String DS_END = "<｜tool▁call▁end｜>";

  static ToolCallParser.Result parse(String parser, String text) {
    return ToolCallParsers.get(parser).parse(text);
  }

  static List<String> calls(String parser, String text) {
    return parse(parser, text).calls().stream().map(c -> c.name() + " " + c.arguments()).toList();
  }

  @Test
  void deepseekV3TakesAnyWhitespaceBetweenTheNameTheFenceAndTheArguments() {
    for (String[] ws : new String[][] {{" ", " "}, {"\n\n", ""}, {" \r\n", "\r\n"}, {"", "\n"}}) {
      String text = DS_CALLS + DS_CALL + "terminal" + ws[0] + "```json" + ws[1] + "{\"command\": \"ls\"}" + ws[1] + "```" + DS_END;
      assertThat(calls("deepseek_v3", text)).as(ws[0] + "|" + ws[1]).containsExactly("terminal {\"command\": \"ls\"}");
    }
  }

  @Test
  void deepseekV3CallWithoutAFenceDoesNotSwallowTheNextCall() {
    String text = DS_CALLS + DS_CALL + "broken {\"a\": 1}" + DS_END + DS_CALL + "read_file```json{\"path\": \"x\"}```" + DS_END;

    ToolCallParser.Result r = parse("deepseek_v3", text);

    assertThat(r.calls()).extracting(c -> c.name() + " " + c.arguments()).containsExactly("read_file {\"path\": \"x\"}");
    assertThat(r.errors()).singleElement().asString().contains("tool call 1");
  }

  @Test
  void mistralTokenWithoutJsonIsNotACall() {
    String think = "<think>\nI should answer with [TOOL_CALLS] then the name.\n</think>\n\n[TOOL_CALLS]search{\"q\": \"x\"}";
    assertThat(calls("mistral", think)).containsExactly("search {\"q\": \"x\"}");
    String prose = "I will answer with [TOOL_CALLS] then the name and wait.\n\n[TOOL_CALLS]search{\"q\": \"x\"}";
    assertThat(calls("mistral", prose)).containsExactly("search {\"q\": \"x\"}");

    ToolCallParser.Result cutInTheName = parse("mistral", "Sure[TOOL_CALLS]sea");
    assertThat(cutInTheName.calls()).isEmpty();
    assertThat(cutInTheName.content()).isEqualTo("Sure[TOOL_CALLS]sea");
  }

  @Test
  void mistralTokenInsideAStringArgumentDoesNotSplitTheCall() {
    assertThat(calls("mistral", "[TOOL_CALLS]write_file{\"content\": \"[TOOL_CALLS]\"}[TOOL_CALLS]ping{}"))
        .containsExactly("write_file {\"content\": \"[TOOL_CALLS]\"}", "ping {}");
  }

  @Test
  void llamaPythonTagInsideAStringArgumentKeepsTheCall() {
    String text = "Calling {the tool} now. {\"name\": \"write_file\", \"parameters\": {\"content\": \"<|python_tag|>\"}}";
    for (String parser : List.of("llama3_json", "llama4_json")) {
      ToolCallParser.Result r = parse(parser, text);
      assertThat(r.calls()).extracting(c -> c.name() + " " + c.arguments()).as(parser)
          .containsExactly("write_file {\"content\": \"<|python_tag|>\"}");
      assertThat(r.content()).as("the text before the call, not before the first brace of prose").isEqualTo("Calling {the tool} now.");
    }
  }

  @Test
  void pythonLiteralsInXmlValuesAreTyped() {
    String qwen = "<tool_call>\n<function=f>\n<parameter=a>\nTrue\n</parameter>\n<parameter=b>\nNone\n</parameter>\n"
        + "<parameter=c>\n['x', 'y']\n</parameter>\n<parameter=d>\n{'k': False, 'n': (1, 2)}\n</parameter>\n</function>\n</tool_call>";
    assertThat(calls("qwen3_coder", qwen)).containsExactly("f {\"a\": true, \"b\": null, \"c\": [\"x\", \"y\"], \"d\": {\"k\": false, \"n\": [1, 2]}}");
    for (String parser : List.of("glm45", "glm47")) {
      String glm = "<tool_call>f\n<arg_key>a</arg_key><arg_value>False</arg_value>\n<arg_key>b</arg_key><arg_value>None</arg_value>\n</tool_call>";
      assertThat(calls(parser, glm)).as(parser).containsExactly("f {\"a\": false, \"b\": null}");
    }
  }

  @Test
  void whatPythonCannotWriteBackStaysText() {
    String glm = "<tool_call>f\n<arg_key>a</arg_key><arg_value>{'set', 'of strings'}</arg_value>\n</tool_call>";
    assertThat(calls("glm45", glm)).as("Hermes' json.dumps fails on a set and drops the turn")
        .containsExactly("f {\"a\": \"{'set', 'of strings'}\"}");
  }

  @Test
  void anEmptyValueIsAnEmptyString() {
    assertThat(calls("qwen3_coder", "<tool_call>\n<function=f>\n<parameter=a>\n</parameter>\n</function>\n</tool_call>"))
        .containsExactly("f {\"a\": \"\"}");
    assertThat(calls("glm45", "<tool_call>f\n<arg_key>a</arg_key><arg_value></arg_value>\n</tool_call>")).containsExactly("f {\"a\": \"\"}");
    assertThat(calls("glm47", "<tool_call>f<arg_key>a</arg_key><arg_value>  </arg_value></tool_call>")).containsExactly("f {\"a\": \"\"}");
  }

  @Test
  void aFunctionTagInsideAValueIsText() {
    String text = "<tool_call>\n<function=write_file>\n<parameter=content>\nuse <function=rm> here\n</parameter>\n</function>\n</tool_call>";
    assertThat(calls("qwen3_coder", text)).containsExactly("write_file {\"content\": \"use <function=rm> here\"}");
  }

  @Test
  void aClosingTagInsideAGlmValueDoesNotEndTheCall() {
    String text = "<tool_call>f\n<arg_key>a</arg_key><arg_value>say </tool_call> to stop</arg_value>\n</tool_call>";
    assertThat(calls("glm45", text)).containsExactly("f {\"a\": \"say </tool_call> to stop\"}");
  }

  @Test
  void callsWrittenWhileReasoningAreNotCalls() {
    String think = "<think>\nMaybe <tool_call>\n<function=rm>\n</function>\n</tool_call>, no.\n</think>\n\n";
    String call = "<tool_call>\n<function=ls>\n</function>\n</tool_call>";
    ToolCallParser.Result r = parse("qwen3_coder", think + call);
    assertThat(r.calls()).extracting(c -> c.name()).containsExactly("ls");
    assertThat(r.content()).isEqualTo(think.strip());

    String glm = "I could use <tool_call>rm\n</tool_call> but\n</think>\n<tool_call>ls\n<arg_key>a</arg_key><arg_value>1</arg_value>\n</tool_call>";
    assertThat(calls("glm45", glm)).as("a lone </think> on its own line: the template opened the block").containsExactly("ls {\"a\": 1}");
    assertThat(calls("glm47", glm)).containsExactly("ls {\"a\": 1}");
    assertThat(calls("hermes", "<think>{\"name\": \"rm\"}</think><tool_call>{\"name\": \"ls\"}</tool_call>")).containsExactly("ls {}");
    assertThat(parse("hermes", "<think>\nstill thinking about <tool_call>{\"name\": \"rm\"}</tool_call>").found())
        .as("an unclosed think block is all reasoning").isFalse();
  }

  @Test
  void aClosingThinkTagInsideAnArgumentIsNotTheEndOfReasoning() {
    assertThat(calls("hermes", "<tool_call>{\"name\": \"say\", \"arguments\": {\"text\": \"</think>\"}}</tool_call>"))
        .containsExactly("say {\"text\": \"</think>\"}");
  }

  @Test
  void aClosingTagInsideAJsonStringDoesNotEndTheCall() {
    assertThat(calls("hermes", "<tool_call>{\"name\": \"say\", \"arguments\": {\"text\": \"</tool_call>\"}}</tool_call>"
        + "<tool_call>{\"name\": \"ping\"}</tool_call>")).containsExactly("say {\"text\": \"</tool_call>\"}", "ping {}");
  }

  @Test
  void aTagMentionedInProseBeforeTheCallIsNotTheCall() {
    ToolCallParser.Result r = parse("hermes", "I will use <tool_call> tags. <tool_call>{\"name\": \"ls\"}</tool_call>");
    assertThat(r.calls()).extracting(c -> c.name()).containsExactly("ls");
    assertThat(r.errors()).isEmpty();
    assertThat(calls("glm47", "I will use <tool_call> tags. <tool_call>ls<arg_key>a</arg_key><arg_value>1</arg_value></tool_call>"))
        .containsExactly("ls {\"a\": 1}");
  }

  @Test
  void aBrokenClosingTagStillClosesItsCall() {
    assertThat(calls("longcat", "<longcat_tool_call>{\"name\": \"a\"}</longcat_tool_call<longcat_tool_call>{\"name\": \"b\"}</longcat_tool_call>"))
        .containsExactly("a {}", "b {}");
    String ds = DS_CALLS + "<｜tool▁call▁begin｜>a<｜tool▁sep｜>{}<｜tool▁call▁end｜<｜tool▁call▁begin｜>b<｜tool▁sep｜>{\"x\": 1}" + DS_END;
    assertThat(calls("deepseek_v3_1", ds)).containsExactly("a {}", "b {\"x\": 1}");
  }

  @Test
  void anAnswerCutInsideTheEndTokenKeepsItsArguments() {
    assertThat(calls("kimi_k2", "<|tool_calls_section_begin|><|tool_call_begin|>functions.ls:0<|tool_call_argument_begin|>{\"a\": 1}<|tool_ca"))
        .containsExactly("ls {\"a\": 1}");
    assertThat(calls("deepseek_v31", DS_CALLS + "<｜tool▁call▁begin｜>ls<｜tool▁sep｜>{}<｜tool▁")).containsExactly("ls {}");
  }

  @Test
  void qwen3CoderValuesKeepTheirOwnSpacesButNotTheLineBreaksAroundThem() {
    String text = "<tool_call>\r\n<function=write_file>\r\n<parameter=content>\r\n    indented\r\n</parameter>\r\n</function>\r\n</tool_call>";
    assertThat(calls("qwen3_coder", text)).containsExactly("write_file {\"content\": \"    indented\"}");
  }
}
