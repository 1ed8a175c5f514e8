package io.envbook.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.json.Json;
import io.envbook.model.openai.OpenAiModel;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The judge against an OpenAI-compatible server (MockWebServer), the request checked. */
class JudgeTest {
  private final MockWebServer server = new MockWebServer();
  private static final Map<String, Object> SUBJECT = Map.of("question", "What is the capital of France?", "answer", "Lyon, I think.");

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Judge judge() {
    return Judge.builder(OpenAiModel.builder().server(server.url("/v1").toString()).model("grader").build())
        .rubric("1 if the answer names Paris, else 0").build();
  }

  private static MockResponse says(String content, int prompt, int completion) {
    String body = Json.write(Map.of("choices", java.util.List.of(Map.of("index", 0, "finish_reason", "stop",
        "message", Map.of("role", "assistant", "content", content))), "usage", Map.of("prompt_tokens", prompt, "completion_tokens", completion)));
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }

  private JsonNode body(RecordedRequest r) {
    return Json.parse(r.getBody().utf8());
  }

  @Test
  void aVerdictIsAskedForAsAJsonSchemaAndKeptWithItsReasoningAndTokens() throws Exception {
    server.enqueue(says("{\"reasoning\":\"Lyon is not the capital.\",\"verdict\":\"incorrect\",\"score\":0}", 120, 15));

    Verdict v = judge().grade(SUBJECT);

    assertThat(v).isEqualTo(new Verdict("openai:grader", 0.0, "incorrect", "Lyon is not the capital.",
        new io.envbook.model.Usage(120, 15), 1));
    JsonNode sent = body(server.takeRequest());
    assertThat(sent.at("/response_format/type").asString()).isEqualTo("json_schema");
    assertThat(sent.at("/response_format/json_schema/strict").asBoolean()).isTrue();
    assertThat(sent.at("/response_format/json_schema/schema/required").toString()).isEqualTo("[\"reasoning\",\"verdict\",\"score\"]");
    assertThat(sent.at("/temperature").asDouble()).isZero();
    assertThat(sent.at("/messages/0/content").asString()).contains("Rubric:\n1 if the answer names Paris, else 0");
    assertThat(sent.at("/messages/1/content").asString())
        .contains("Question:\nWhat is the capital of France?").contains("Answer:\nLyon, I think.");
  }

  @Test
  void aMalformedAnswerIsSentBackWithWhatIsWrongAndTheNextOneCounts() throws Exception {
    server.enqueue(says("The answer is wrong, score 0.", 100, 8));
    server.enqueue(says("```json\n{\"reasoning\":\"Not Paris.\",\"verdict\":\"incorrect\",\"score\":1.5}\n```", 130, 12));
    server.enqueue(says("{\"reasoning\":\"Not Paris.\",\"verdict\":\"incorrect\",\"score\":0}", 160, 12));

    Verdict v = judge().grade(SUBJECT);

    assertThat(v.attempts()).isEqualTo(3);
    assertThat(v.usage()).isEqualTo(new io.envbook.model.Usage(390, 32));
    server.takeRequest();
    JsonNode second = body(server.takeRequest());
    assertThat(second.at("/messages/2/content").asString()).isEqualTo("The answer is wrong, score 0.");
    assertThat(second.at("/messages/3/content").asString()).startsWith("That answer is not usable: it is not JSON");
    JsonNode third = body(server.takeRequest());
    assertThat(third.at("/messages/5/content").asString()).contains("/score: must have a maximum value of 1");
  }

  @Test
  void aJudgeThatNeverAnswersWellFormedFailsAfterItsRetries() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(says("{\"verdict\":\"correct\"}", 10, 2));
    }

    assertThatThrownBy(() -> judge().grade(SUBJECT))
        .isInstanceOf(JudgeException.class)
        .hasMessageStartingWith("the judge openai:grader gave no well-formed verdict in 3 attempts:")
        .hasMessageContaining("required property 'score' not found");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void theScriptedJudgeSeesWhatIsJudgedAndAnswersAsAJudgeModelWould() {
    ScriptedJudge scripted = ScriptedJudge.of(s -> Map.of("score", String.valueOf(s.get("answer")).contains("Paris") ? 1 : 0,
        "reasoning", "checked against: " + s.get("rubric")));

    Verdict v = Judge.builder(scripted).rubric("names Paris").build().grade(Map.of("question", "Capital?", "answer", "Paris"));

    assertThat(v.model()).isEqualTo("scripted-judge");
    assertThat(v.score()).isEqualTo(1.0);
    assertThat(v.verdict()).isEqualTo("correct");
    assertThat(v.reasoning()).isEqualTo("checked against: names Paris");
    assertThat(v.usage().total()).isPositive();
  }

  @Test
  void theScriptedJudgeCanAnswerMalformedToTryTheRetries() {
    ScriptedJudge sloppy = ScriptedJudge.of(s -> (int) s.get("attempt") == 1 ? "no JSON here" : true);

    Verdict v = Judge.builder(sloppy).rubric("anything").build().grade(Map.of("answer", "x"));

    assertThat(v.attempts()).isEqualTo(2);
    assertThat(v.score()).isEqualTo(1.0);
  }
}
