package io.envbook.model.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Limits;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Whole rollouts against a misbehaving OpenAI-compatible server: every case ends as a right or a failed rollout. */
class OpenAiRolloutTest {
  private static final List<String> CASES =
      List.of("plain", "parallel", "badjson", "ratelimit", "error500", "timeout", "cutbody", "nonjson", "always503");
  @TempDir Path dir;

  /** Answers by the case named in the user message and how many attempts that turn has had. */
  static final class Misbehaving extends Dispatcher {
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      JsonNode body = Json.parse(request.getBody().utf8());
      JsonNode messages = body.get("messages");
      String kase = messages.get(0).get("content").asString();
      int assistantTurns = 0;
      for (JsonNode m : messages) {
        assistantTurns += m.get("role").asString().equals("assistant") ? 1 : 0;
      }
      int attempt = attempts.computeIfAbsent(kase + "#" + assistantTurns, k -> new AtomicInteger()).incrementAndGet();
      if (assistantTurns > 0) {
        return ok("{\"role\":\"assistant\",\"content\":\"the sum is 3\"}");
      }
      return switch (kase) {
        case "parallel" -> ok("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[" + call("c1", "{\\\"a\\\":1,\\\"b\\\":2}")
            + "," + call("c2", "{\\\"a\\\":0,\\\"b\\\":3}") + "]}");
        case "badjson" -> ok("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[" + call("c1", "{\\\"a\\\":1,") + "]}");
        case "ratelimit" -> attempt == 1 ? new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build() : plain();
        case "error500" -> attempt == 1 ? new MockResponse.Builder().code(500).body("oops").build() : plain();
        case "timeout" -> attempt == 1 ? plainAfter(2) : plain();
        case "cutbody" -> attempt == 1
            ? new MockResponse.Builder().code(200).body(OpenAiModelTest.answer("{\"role\":\"assistant\",\"content\":\"" + "y".repeat(9000) + "\"}"))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build()
            : plain();
        case "nonjson" -> new MockResponse.Builder().code(200).body("Service temporarily replaced by a cat").build();
        case "always503" -> new MockResponse.Builder().code(503).body("overloaded").build();
        default -> plain();
      };
    }

    private static String call(String id, String args) {
      return "{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"add\",\"arguments\":\"" + args + "\"}}";
    }

    private static MockResponse plain() {
      return ok("{\"role\":\"assistant\",\"content\":\"the sum is 3\"}");
    }

    private static MockResponse plainAfter(int seconds) {
      return new MockResponse.Builder().code(200).body(OpenAiModelTest.answer("{\"role\":\"assistant\",\"content\":\"late\"}"))
          .headersDelay(seconds, TimeUnit.SECONDS).build();
    }

    private static MockResponse ok(String message) {
      return OpenAiModelTest.ok(message);
    }
  }

  /** One item per case; the prompt is the case name; reward 1 when the final answer says 3. */
  static final class CasesEnv implements Environment {
    private int next;

    @Override
    public EnvConfig config() {
      return EnvConfig.builder("cases").limits(Limits.DEFAULT.withMaxTurns(4)).build();
    }

    @Override
    public Item nextItem() {
      return next < CASES.size() ? Item.of(CASES.get(next), Map.of("case", CASES.get(next++))) : null;
    }

    @Override
    public String formatPrompt(Item item) {
      return item.text("case");
    }

    @Override
    public List<Tool> tools() {
      return List.of(Tool.of(new ToolSchema("add", "Adds", null), (a, c) -> String.valueOf(a.get("a").asInt() + a.get("b").asInt())));
    }

    @Override
    public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
      return Reward.of(result.finalText().contains("3") ? 1 : 0);
    }
  }

  @Test
  void everyServerMisbehaviourEndsInARightOrAFailedRolloutAndNothingIsLost() throws Exception {
    try (MockWebServer server = new MockWebServer(); LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      server.setDispatcher(new Misbehaving());
      server.start();
      OpenAiModel model = OpenAiModel.builder().server(server.url("/v1").toString()).model("m")
          .timeout(Duration.ofMillis(500)).maxRetries(2).sleeper(d -> { }).build();
      Path out = dir.resolve("cases.jsonl");

      RunSummary s = RolloutRunner.builder(new CasesEnv(), model).sandboxes(sandboxes).items(20).groupSize(1).concurrency(4)
          .output(out).build().run();

      Map<String, Rollout> byCase = new java.util.HashMap<>();
      s.rollouts().forEach(r -> byCase.put(r.itemId(), r));
      for (String ok : List.of("plain", "parallel", "badjson", "ratelimit", "error500", "timeout", "cutbody")) {
        assertThat(byCase.get(ok).ok()).as(ok).isTrue();
        assertThat(byCase.get(ok).score()).as(ok).isEqualTo(1.0);
      }
      assertThat(byCase.get("parallel").messages()).filteredOn(m -> m.role().equals("tool")).extracting(m -> m.content())
          .containsExactly("3", "3");
      assertThat(byCase.get("badjson").toolErrors()).singleElement().satisfies(e -> assertThat(e.error()).startsWith("Invalid JSON: "));
      assertThat(byCase.get("nonjson").error()).isEqualTo("model failed: the model server at " + server.url("/v1")
          + " returned a body that is not JSON: Service temporarily replaced by a cat");
      assertThat(byCase.get("always503").error()).isEqualTo("model failed: gave up after 3 attempts: the model server at "
          + server.url("/v1") + " answered 503: overloaded");
      assertThat(s.failed()).isEqualTo(2);
      assertThat(RolloutFile.read(out).rollouts()).hasSize(CASES.size());
    }
  }
}
