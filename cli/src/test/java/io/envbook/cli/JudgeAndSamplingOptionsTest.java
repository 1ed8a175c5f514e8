package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code --sample KEY=VALUE} reaches the agent's requests; {@code --judge-model} replaces the script's judge. */
class JudgeAndSamplingOptionsTest extends ConsoleCapture {
  @TempDir Path dir;

  private static MockResponse says(String content) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(Json.write(Map.of(
        "choices", List.of(Map.of("index", 0, "finish_reason", "stop", "message", Map.of("role", "assistant", "content", content))),
        "usage", Map.of("prompt_tokens", 20, "completion_tokens", 4)))).build();
  }

  @Test
  void samplingOptionsGoToTheAgentAndTheJudgeModelComesFromTheCommandLine() throws Exception {
    Path script = dir.resolve("capitals.groovy");
    Files.writeString(script, """
        environment('capitals') {
            dataset([[country: 'France', capital: 'Paris']])
            prompt { item -> "What is the capital of ${item.country}?" }
            judge scriptedJudge { 0 }
            reward { item, result -> judge('1 if it names the capital') }
        }
        """);
    List<JsonNode> agent = new CopyOnWriteArrayList<>();
    List<JsonNode> judge = new CopyOnWriteArrayList<>();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          JsonNode body = Json.parse(request.getBody().utf8());
          if (body.path("model").asString().equals("grader")) {
            judge.add(body);
            return says("{\"reasoning\":\"names Paris\",\"verdict\":\"correct\",\"score\":1}");
          }
          agent.add(body);
          return says("Paris.");
        }
      });
      server.start();
      String url = server.url("/v1").toString();

      int code = Main.execute("run", script.toString(), "-n", "1", "--out", dir.resolve("r.jsonl").toString(),
          "--model", "qwen", "--base-url", url, "--sample", "top_p=0.5", "--sample", "response_format={\"type\":\"json_object\"}",
          "--judge-model", "grader");

      assertThat(code).as(stderr()).isZero();
    }
    assertThat(agent).singleElement().satisfies(b -> {
      assertThat(b.path("top_p").asDouble()).isEqualTo(0.5);
      assertThat(b.at("/response_format/type").asString()).isEqualTo("json_object");
    });
    assertThat(judge).singleElement().satisfies(b -> assertThat(b.at("/response_format/type").asString()).isEqualTo("json_schema"));
    Rollout r = RolloutFile.read(dir.resolve("r.jsonl")).rollouts().get(0);
    assertThat(r.score()).isEqualTo(1.0);
    assertThat(r.reward().verdicts()).singleElement().satisfies(v -> assertThat(v.model()).isEqualTo("openai:grader"));
  }
}
