package io.envbook.model.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.sandbox.LocalSandboxProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Token mode against a server that answers like SGLang's {@code /v1/tokenize} and {@code /generate}.
 * Its tokenizer maps {@code <|im_start|>} and {@code <|im_end|>} to single ids and every other
 * character to its code point; the model ends each turn with {@code <|im_end|>}, calls {@code add}
 * twice, then answers. The 3-turn rollout's tokens, masks and logprobs are checked exactly.
 */
class SglangModelTest {
  static final int IM_START = 151644;
  static final int IM_END = 151645;
  static final List<String> COMPLETIONS = List.of(
      "<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 1, \"b\": 2}}\n</tool_call>",
      "<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 3, \"b\": 4}}\n</tool_call>",
      "The sums are 3 and 7.");

  static List<Integer> tokens(String text) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < text.length(); ) {
      if (text.startsWith("<|im_start|>", i)) {
        out.add(IM_START);
        i += "<|im_start|>".length();
      } else if (text.startsWith("<|im_end|>", i)) {
        out.add(IM_END);
        i += "<|im_end|>".length();
      } else {
        int cp = text.codePointAt(i);
        out.add(cp);
        i += Character.charCount(cp);
      }
    }
    return out;
  }

  static String text(JsonNode ids) {
    StringBuilder sb = new StringBuilder();
    ids.forEach(v -> sb.append(v.asInt() == IM_START ? "<|im_start|>" : v.asInt() == IM_END ? "<|im_end|>" : Character.toString(v.asInt())));
    return sb.toString();
  }

  static final class FakeSglang extends Dispatcher {
    final List<JsonNode> generated = new CopyOnWriteArrayList<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      JsonNode body = Json.parse(request.getBody().utf8());
      ObjectNode out = Json.object();
      if (request.getUrl().encodedPath().equals("/v1/tokenize")) {
        ArrayNode t = out.putArray("tokens");
        tokens(body.get("prompt").asString()).forEach(t::add);
        out.put("count", t.size()).put("char_count", body.get("prompt").asString().length());
      } else {
        generated.add(body);
        int turn = text(body.get("input_ids")).split("<\\|im_start\\|>assistant\n", -1).length - 2;
        String reply = COMPLETIONS.get(Math.min(turn, 2));
        List<Integer> ids = new ArrayList<>(tokens(reply));
        ids.add(IM_END);
        out.put("text", reply + "<|im_end|>");
        ObjectNode meta = out.putObject("meta_info");
        meta.putObject("finish_reason").put("type", "stop").put("matched", IM_END);
        meta.put("prompt_tokens", body.get("input_ids").size()).put("completion_tokens", ids.size());
        ArrayNode lps = meta.putArray("output_token_logprobs");
        for (int i = 0; i < ids.size(); i++) {
          lps.addArray().add(-0.01 * (i + 1)).add(ids.get(i)).addNull();
        }
      }
      return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(Json.write(out)).build();
    }
  }

  @Test
  void aThreeTurnRolloutContinuesItsOwnSequenceExactly() throws Exception {
    FakeSglang fake = new FakeSglang();
    try (MockWebServer server = new MockWebServer(); LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      server.setDispatcher(fake);
      server.start();
      SglangModel model = SglangModel.builder().server(server.url("/").toString()).model("fake").build();

      RunSummary s = RolloutRunner.builder(new TokenModelTest.AddEnv(), model).sandboxes(sandboxes).items(1).groupSize(1).build().run();

      Rollout r = s.rollouts().get(0);
      assertThat(r.ok()).as(String.valueOf(r.error())).isTrue();
      assertThat(r.turns()).isEqualTo(3);
      assertThat(r.score()).isEqualTo(1.0);
      assertThat(r.messages()).filteredOn(m -> m.role().equals("tool")).extracting(m -> m.content()).containsExactly("3", "7");
      assertThat(r.model()).isEqualTo("sglang:fake");

      // The whole sequence is the template's rendering of the finished conversation, up to the last <|im_end|>.
      String whole = new ChatMlTemplate().render(r.messages(), List.of(new TokenModelTest.AddEnv().tools().get(0).schema()));
      List<Integer> expected = tokens(whole.substring(0, whole.length() - "\n<|im_start|>assistant\n".length()));
      assertThat(r.tokens().ids()).isEqualTo(expected);

      // Each /generate continued exactly what came before; only the generated tokens are trainable.
      List<Integer> masks = new ArrayList<>();
      List<Double> lps = new ArrayList<>();
      for (int turn = 0; turn < 3; turn++) {
        List<Integer> input = new ArrayList<>();
        fake.generated.get(turn).get("input_ids").forEach(v -> input.add(v.asInt()));
        assertThat(expected.subList(0, input.size())).isEqualTo(input);
        while (masks.size() < input.size()) {
          masks.add(-100);
          lps.add(1.0);
        }
        List<Integer> gen = new ArrayList<>(tokens(COMPLETIONS.get(turn)));
        gen.add(IM_END);
        for (int i = 0; i < gen.size(); i++) {
          masks.add(gen.get(i));
          lps.add(-0.01 * (i + 1));
        }
        assertThat(fake.generated.get(turn).get("return_logprob").asBoolean()).isTrue();
        assertThat(fake.generated.get(turn).get("sampling_params").get("skip_special_tokens").asBoolean()).isFalse();
      }
      assertThat(r.tokens().masks()).isEqualTo(masks);
      assertThat(r.tokens().logprobs()).isEqualTo(lps);
      assertThat(r.messages().get(2).toolCalls().get(0).arguments()).isEqualTo("{\"a\": 1, \"b\": 2}");
      assertThat(r.messages().get(6).content()).isEqualTo("The sums are 3 and 7.");
    }
  }

  @Test
  void theTemplateWritesToolsCallsAndResultsAsChatMl() {
    var add = new TokenModelTest.AddEnv().tools().get(0).schema();
    List<io.envbook.model.Message> conversation = List.of(
        io.envbook.model.Message.system("Be brief."),
        io.envbook.model.Message.user("1+2?"),
        io.envbook.model.Message.assistant("", List.of(new io.envbook.model.ToolCall("c1", "add", "{\"a\":1,\"b\":2}"),
            new io.envbook.model.ToolCall("c2", "add", "{\"a\":0,\"b\":0}"))),
        io.envbook.model.Message.tool("c1", "3"),
        io.envbook.model.Message.tool("c2", "0"));

    String text = new ChatMlTemplate().render(conversation, List.of(add));

    assertThat(text).isEqualTo("<|im_start|>system\nBe brief.\n\n# Tools\n\nYou may call one or more functions to assist with the user query."
        + "\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
        + io.envbook.json.PyJson.dumps(add.toOpenAi())
        + "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> "
        + "XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
        + "<|im_start|>user\n1+2?<|im_end|>\n"
        + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 1, \"b\": 2}}\n</tool_call>\n"
        + "<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 0, \"b\": 0}}\n</tool_call><|im_end|>\n"
        + "<|im_start|>user\n<tool_response>\n3\n</tool_response>\n<tool_response>\n0\n</tool_response><|im_end|>\n"
        + "<|im_start|>assistant\n");
  }
}
