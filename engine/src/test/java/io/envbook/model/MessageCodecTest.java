package io.envbook.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  @Test
  void writesTheOpenAiShape() {
    Message m = Message.assistant("Let me look.", List.of(new ToolCall("call_1", "terminal", "{\"command\":\"ls\"}")))
        .withReasoning("need files");

    assertThat(Json.write(MessageCodec.toJson(m))).isEqualTo(
        "{\"role\":\"assistant\",\"content\":\"Let me look.\",\"reasoning_content\":\"need files\","
            + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"terminal\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}]}");
  }

  @Test
  void readsReasoningFromAnyOfTheThreeFieldsInHermesOrder() {
    assertThat(MessageCodec.fromJson(Json.parse("{\"role\":\"assistant\",\"content\":\"x\",\"reasoning\":\"r1\"}")).reasoning()).isEqualTo("r1");
    assertThat(MessageCodec.fromJson(Json.parse(
        "{\"role\":\"assistant\",\"content\":\"x\",\"reasoning_details\":[{\"text\":\"\"},{\"text\":\"r2\"}]}")).reasoning()).isEqualTo("r2");
    assertThat(MessageCodec.fromJson(Json.parse(
        "{\"role\":\"assistant\",\"content\":\"x\",\"reasoning_content\":\"r0\",\"reasoning\":\"r1\"}")).reasoning()).isEqualTo("r0");
  }

  @Test
  void objectArgumentsAreKeptAsJsonTextAndMalformedTextIsKeptAsItIs() {
    Message m = MessageCodec.fromJson(Json.parse("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
        + "{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{\"x\":1}}},"
        + "{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"x\\\": \"}}]}"));

    assertThat(m.toolCalls()).extracting(ToolCall::arguments).containsExactly("{\"x\":1}", "{\"x\": ");
    assertThat(m.content()).isNull();
  }

  @Test
  void contentPartsAreJoined() {
    Message m = MessageCodec.fromJson(Json.parse("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}"));

    assertThat(m.content()).isEqualTo("ab");
  }
}
