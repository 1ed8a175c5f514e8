package io.envbook.model.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.atropos.ScoredDataGroups;
import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.json.Json;
import io.envbook.loop.AgentResult;
import io.envbook.model.ToolSchema;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.sandbox.LocalSandboxProvider;
import io.envbook.tools.Tool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Token mode against a server that answers like vLLM's {@code /tokenize} and {@code /v1/completions}
 * (with {@code return_tokens_as_token_ids}). Its "tokenizer" maps each character to its code point and
 * its chat template writes {@code <|role|>} before each message; the model calls {@code add} twice,
 * then answers. The 3-turn rollout's tokens, masks and logprobs are checked exactly.
 */
class TokenModelTest {
  static final List<String> COMPLETIONS = List.of(
      "<tool_call>{\"name\": \"add\", \"arguments\": {\"a\": 1, \"b\": 2}}</tool_call>",
      "<tool_call>{\"name\": \"add\", \"arguments\": {\"a\": 3, \"b\": 4}}</tool_call>",
      "The sums are 3 and 7.");
  @TempDir Path dir;

  /** The fake chat template: messages to text. */
  static String render(JsonNode messages, boolean generationPrompt) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode m : messages) {
      sb.append("<|").append(m.get("role").asString()).append("|>");
      if (m.hasNonNull("content")) {
        sb.append(m.get("content").asString());
      }
      for (JsonNode c : m.path("tool_calls")) {
        sb.append("<tool_call>{\"name\": \"").append(c.path("function").path("name").asString()).append("\", \"arguments\": ")
            .append(c.path("function").path("arguments").asString()).append("}</tool_call>");
      }
      sb.append('\n');
    }
    return generationPrompt ? sb + "<|assistant|>" : sb.toString();
  }

  static List<Integer> codePoints(String s) {
    return s.codePoints().boxed().toList();
  }

  static final class FakeVllm extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      JsonNode body = Json.parse(request.getBody().utf8());
      ObjectNode out = Json.object();
      if (request.getUrl().encodedPath().equals("/tokenize")) {
        ArrayNode t = out.putArray("tokens");
        codePoints(render(body.get("messages"), body.path("add_generation_prompt").asBoolean())).forEach(t::add);
        out.put("count", t.size()).put("max_model_len", 32768);
      } else {
        StringBuilder prompt = new StringBuilder();
        body.get("prompt").forEach(v -> prompt.appendCodePoint(v.asInt()));
        int turn = prompt.toString().split("<\\|assistant\\|>", -1).length - 2;
        String text = COMPLETIONS.get(Math.min(turn, 2));
        ObjectNode choice = out.putArray("choices").addObject().put("index", 0).put("text", text).put("finish_reason", "stop");
        ObjectNode lp = choice.putObject("logprobs");
        ArrayNode toks = lp.putArray("tokens");
        ArrayNode lps = lp.putArray("token_logprobs");
        List<Integer> ids = codePoints(text);
        for (int i = 0; i < ids.size(); i++) {
          toks.add("token_id:" + ids.get(i));
          lps.add(-0.01 * (i + 1));
        }
      }
      return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(Json.write(out)).build();
    }
  }

  static final class AddEnv implements Environment {
    private boolean given;

    @Override
    public EnvConfig config() {
      return EnvConfig.builder("adds").systemPrompt("Use the add tool.").toolCallParser("hermes").build();
    }

    @Override
    public Item nextItem() {
      if (given) {
        return null;
      }
      given = true;
      return Item.of("q1", Map.of("q", "What are 1+2 and 3+4?"));
    }

    @Override
    public String formatPrompt(Item item) {
      return item.text("q");
    }

    @Override
    public List<Tool> tools() {
      return List.of(Tool.of(new ToolSchema("add", "Adds", null), (a, c) -> String.valueOf(a.get("a").asInt() + a.get("b").asInt())));
    }

    @Override
    public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
      return Reward.of(result.finalText().contains("7") ? 1 : 0);
    }
  }

  @Test
  void aThreeTurnRolloutKeepsItsExactTokensMasksAndLogprobs() throws Exception {
    try (MockWebServer server = new MockWebServer(); LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      server.setDispatcher(new FakeVllm());
      server.start();
      TokenModel model = TokenModel.builder().server(server.url("/").toString()).model("fake").build();
      Path out = dir.resolve("tokens.jsonl");

      RunSummary s = RolloutRunner.builder(new AddEnv(), model).sandboxes(sandboxes).items(1).groupSize(1).output(out).build().run();

      Rollout r = s.rollouts().get(0);
      assertThat(r.ok()).isTrue();
      assertThat(r.turns()).isEqualTo(3);
      assertThat(r.score()).isEqualTo(1.0);
      assertThat(r.messages()).filteredOn(m -> m.role().equals("tool")).extracting(m -> m.content()).containsExactly("3", "7");

      // Build the expected sequence turn by turn, from the same template.
      JsonNode messages = io.envbook.model.MessageCodec.toJson(r.messages());
      List<Integer> ids = new ArrayList<>();
      List<Integer> masks = new ArrayList<>();
      List<Double> lps = new ArrayList<>();
      int[] assistantIndex = {2, 4, 6}; // system, user, assistant, tool, assistant, tool, assistant
      for (int turn = 0; turn < 3; turn++) {
        ArrayNode before = Json.array();
        for (int i = 0; i < assistantIndex[turn]; i++) {
          before.add(messages.get(i));
        }
        List<Integer> prompt = codePoints(render(before, true));
        for (int t : prompt.subList(ids.size(), prompt.size())) {
          ids.add(t);
          masks.add(-100);
          lps.add(1.0);
        }
        List<Integer> gen = codePoints(COMPLETIONS.get(turn));
        for (int i = 0; i < gen.size(); i++) {
          ids.add(gen.get(i));
          masks.add(gen.get(i));
          lps.add(-0.01 * (i + 1));
        }
      }
      assertThat(r.tokens().ids()).isEqualTo(ids);
      assertThat(r.tokens().masks()).isEqualTo(masks);
      assertThat(r.tokens().logprobs()).isEqualTo(lps);
      assertThat(r.messages().get(2).toolCalls().get(0).arguments()).as("re-serialised as Hermes did").isEqualTo("{\"a\": 1, \"b\": 2}");

      Rollout saved = RolloutFile.read(out).rollouts().get(0);
      assertThat(saved.tokens()).isEqualTo(r.tokens());
      JsonNode group = ScoredDataGroups.toJson(s.groups().get(0));
      assertThat(group.get("tokens").get(0)).hasSize(ids.size());
      assertThat(group.get("inference_logprobs").get(0)).hasSize(ids.size());
      assertThat(group.get("group_overrides").has("envbook_placeholder_tokens")).isFalse();
    }
  }
}
