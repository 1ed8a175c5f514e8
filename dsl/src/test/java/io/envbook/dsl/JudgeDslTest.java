package io.envbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.model.ScriptedModel;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutCodec;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.sandbox.LocalSandboxProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code judge(...)} in reward closures: the scripted judge offline, a real judge's server on MockWebServer. */
class JudgeDslTest {
  @TempDir Path dir;

  private static final String BODY = """
          dataset([[country: 'France', capital: 'Paris'], [country: 'Peru', capital: 'Lima']])
          prompt { item -> "What is the capital of ${item.country}?" }
          model scripted { say(item.country == 'France' ? 'Paris.' : 'Cusco, I believe.') }
      """;

  private RunSummary run(String source) throws Exception {
    DslEnvironment env = DslLoader.parse(source, "env.groovy", dir);
    try (LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      return RolloutRunner.builder(env, ScriptedModel.policy(env.scriptedPolicy())).sandboxes(sandboxes).items(2).build().run();
    }
  }

  @Test
  void theScriptedJudgesVerdictIsTheRewardAndIsKeptWithIt() throws Exception {
    RunSummary s = run("environment('capitals') {\n" + BODY + """
            judge scriptedJudge { v -> [score: v.answer.contains(v.reference) ? 1 : 0, reasoning: "looked for ${v.reference}"] }
            reward { item, result -> judge('1 if the answer names the capital', context: [reference: item.capital]) }
        }
        """);

    assertThat(s.rollouts()).extracting(Rollout::score).containsExactly(1.0, 0.0);
    Rollout peru = s.rollouts().get(1);
    assertThat(peru.reward().explanation()).isEqualTo("looked for Lima");
    assertThat(peru.reward().verdicts()).singleElement().satisfies(v -> {
      assertThat(v.model()).isEqualTo("scripted-judge");
      assertThat(v.verdict()).isEqualTo("incorrect");
      assertThat(v.usage().total()).isPositive();
    });
    Rollout back = RolloutCodec.fromJson(Json.parse(Json.write(RolloutCodec.toJson(peru))));
    assertThat(back.reward().verdicts()).isEqualTo(peru.reward().verdicts());
  }

  @Test
  void aRewardCanMixJudgedAndCheckedPartsWithAJudgeModelOnAServer() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.setDispatcher(new mockwebserver3.Dispatcher() {
        @Override
        public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
          String score = request.getBody().utf8().contains("Answer:\\nParis.") ? "1" : "0";
          return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(Json.write(Map.of(
              "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant",
                  "content", "{\"reasoning\":\"r\",\"verdict\":\"v\",\"score\":" + score + "}"))),
              "usage", Map.of("prompt_tokens", 50, "completion_tokens", 7)))).build();
        }
      });
      RunSummary s = run("environment('capitals') {\n" + BODY + """
              weights judged: 0.5, short: 0.5
              reward { item, result ->
                  def v = judge(openai(baseUrl: '%s', model: 'grader'), 'names the capital', retries: 0)
                  parts judged: v.score(), short: result.finalText().length() < 20
              }
          }
          """.formatted(server.url("/v1")));

      assertThat(s.rollouts()).extracting(Rollout::score).containsExactly(1.0, 0.5);
      assertThat(s.rollouts().get(0).reward().verdicts()).singleElement()
          .satisfies(v -> assertThat(v.usage().total()).isEqualTo(57));
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }
}
