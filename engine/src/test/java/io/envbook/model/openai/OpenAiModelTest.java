package io.envbook.model.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.json.Json;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.ModelException;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenAiModelTest {
  static final String KEY = "sk-test-SECRET-123";
  private final MockWebServer server = new MockWebServer();
  private final List<Duration> slept = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String base() {
    return server.url("/v1").toString();
  }

  private OpenAiModel.Builder builder() {
    return OpenAiModel.builder().server(base()).model("qwen").apiKey(KEY).sleeper(slept::add);
  }

  static String answer(String messageJson) {
    return "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":" + messageJson
        + ",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}";
  }

  static MockResponse ok(String messageJson) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(answer(messageJson)).build();
  }

  private static ChatRequest request() {
    return new ChatRequest(List.of(Message.system("sys"), Message.user("2+3?")),
        List.of(new ToolSchema("add", "Adds", null)), 0.7, 256, Map.of(), null);
  }

  @Test
  void plainAnswerAndTheRequestItCameFrom() throws Exception {
    server.enqueue(ok("{\"role\":\"assistant\",\"content\":\"5\"}"));

    ChatResponse r = builder().extraBody(Map.of("top_p", 0.9)).build().chat(request());

    assertThat(r.message().content()).isEqualTo("5");
    assertThat(r.usage().promptTokens()).isEqualTo(12);
    assertThat(r.finishReason()).isEqualTo("stop");
    RecordedRequest rec = server.takeRequest();
    assertThat(rec.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(rec.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = Json.parse(rec.getBody().utf8());
    assertThat(body.get("model").asString()).isEqualTo("qwen");
    assertThat(body.get("messages")).hasSize(2);
    assertThat(body.get("tools").get(0).get("function").get("name").asString()).isEqualTo("add");
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.7);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.get("n").asInt()).isEqualTo(1);
    assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
  }

  @Test
  void noKeyMeansNoAuthorizationHeaderAndNoToolsMeansNoToolsField() throws Exception {
    server.enqueue(ok("{\"role\":\"assistant\",\"content\":\"hi\"}"));

    OpenAiModel.builder().server(base()).model("m").sleeper(slept::add).build().chat(ChatRequest.of(List.of(Message.user("hi"))));

    RecordedRequest rec = server.takeRequest();
    assertThat(rec.getHeaders().get("Authorization")).isNull();
    assertThat(Json.parse(rec.getBody().utf8()).has("tools")).isFalse();
  }

  @Test
  void parallelToolCallsAndReasoningComeThrough() {
    server.enqueue(ok("{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"two sums\",\"tool_calls\":["
        + "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\":1,\\\"b\\\":2}\"}},"
        + "{\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\":3,\\\"b\\\":4}\"}}]}"));

    ChatResponse r = builder().build().chat(request());

    assertThat(r.message().toolCalls()).containsExactly(new ToolCall("c1", "add", "{\"a\":1,\"b\":2}"),
        new ToolCall("c2", "add", "{\"a\":3,\"b\":4}"));
    assertThat(r.message().reasoning()).isEqualTo("two sums");
  }

  @Test
  void malformedToolArgumentsArePassedOnUntouched() {
    server.enqueue(ok("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
        + "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\": 1,\"}}]}"));

    ChatResponse r = builder().build().chat(request());

    assertThat(r.message().toolCalls()).singleElement().extracting(ToolCall::arguments).isEqualTo("{\"a\": 1,");
  }

  @Test
  void tooManyRequestsIsRetriedAfterTheTimeTheServerAsks() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3").body("{\"error\":\"slow down\"}").build());
    server.enqueue(ok("{\"role\":\"assistant\",\"content\":\"5\"}"));

    ChatResponse r = builder().build().chat(request());

    assertThat(r.message().content()).isEqualTo("5");
    assertThat(slept).containsExactly(Duration.ofSeconds(3));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void serverErrorIsRetriedWithBackoff() {
    server.enqueue(new MockResponse.Builder().code(500).body("boom").build());
    server.enqueue(new MockResponse.Builder().code(503).body("").build());
    server.enqueue(ok("{\"role\":\"assistant\",\"content\":\"5\"}"));

    assertThat(builder().build().chat(request()).message().content()).isEqualTo("5");
    assertThat(slept).hasSize(2);
    assertThat(slept.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(slept.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void retriesAreBoundedAndTheLastReasonIsGiven() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
    }

    assertThatThrownBy(() -> builder().maxRetries(2).build().chat(request()))
        .isInstanceOf(ModelException.class)
        .hasMessage("gave up after 3 attempts: the model server at " + base() + " answered 502: bad gateway");
  }

  @Test
  void aTimeoutIsRetried() {
    server.enqueue(new MockResponse.Builder().code(200).body(answer("{\"role\":\"assistant\",\"content\":\"late\"}"))
        .headersDelay(2, TimeUnit.SECONDS).build());
    server.enqueue(ok("{\"role\":\"assistant\",\"content\":\"5\"}"));

    ChatResponse r = builder().timeout(Duration.ofMillis(300)).build().chat(request());

    assertThat(r.message().content()).isEqualTo("5");
    assertThat(slept).hasSize(1);
  }

  @Test
  void aBodyCutShortIsRetried() {
    String full = answer("{\"role\":\"assistant\",\"content\":\"" + "x".repeat(5000) + "\"}");
    server.enqueue(new MockResponse.Builder().code(200).body(full).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(ok("{\"role\":\"assistant\",\"content\":\"5\"}"));

    assertThat(builder().build().chat(request()).message().content()).isEqualTo("5");
    assertThat(slept).hasSize(1);
  }

  @Test
  void aCompleteButTruncatedJsonBodyIsRetried() {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"choices\":[{\"message\":{\"role\":\"assist").build());
    server.enqueue(ok("{\"role\":\"assistant\",\"content\":\"5\"}"));

    assertThat(builder().build().chat(request()).message().content()).isEqualTo("5");
  }

  @Test
  void aBodyThatIsNotJsonFailsAtOnceWithTheExcerpt() {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>\n<body>Gateway login</body></html>").build());

    assertThatThrownBy(() -> builder().build().chat(request()))
        .isInstanceOf(ModelException.class)
        .hasMessage("the model server at " + base() + " returned a body that is not JSON: <html> <body>Gateway login</body></html>");
    assertThat(slept).isEmpty();
  }

  @Test
  void unauthorizedIsNotRetriedAndTheKeyNeverShows() {
    server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":\"invalid api key " + KEY + "\"}").build());
    OpenAiModel m = builder().build();

    assertThatThrownBy(() -> m.chat(request()))
        .isInstanceOf(ModelException.class)
        .hasMessage("the model server at " + base() + " answered 401: {\"error\":\"invalid api key ***\"}")
        .satisfies(e -> assertThat(((ModelException) e).status()).isEqualTo(401));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(m.name()).isEqualTo("openai:qwen").doesNotContain(KEY);
    assertThat(m.toString()).doesNotContain(KEY);
  }

  @Test
  void anAnswerWithoutChoicesIsAClearError() {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"object\":\"error\",\"message\":\"model not loaded\"}").build());

    assertThatThrownBy(() -> builder().build().chat(request()))
        .hasMessage("the model server at " + base() + " returned no choices: {\"object\":\"error\",\"message\":\"model not loaded\"}");
  }

  @Test
  void anInterruptDuringBackoffEndsTheCallAndKeepsTheFlag() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).body("").build());
    OpenAiModel m = OpenAiModel.builder().server(base()).model("m").sleeper(d -> Thread.sleep(60_000)).build();
    Throwable[] thrown = new Throwable[1];
    boolean[] flag = new boolean[1];
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        m.chat(request());
      } catch (ModelException e) {
        thrown[0] = e;
        flag[0] = Thread.currentThread().isInterrupted();
      }
    });
    while (server.getRequestCount() == 0) {
      Thread.sleep(5);
    }
    Thread.sleep(50);
    t.interrupt();
    t.join(5000);

    assertThat(thrown[0]).hasMessage("the model call was interrupted while waiting to retry: the model server at " + base() + " answered 500");
    assertThat(flag[0]).isTrue();
  }

  private static ChatRequest requestDueIn(Duration left) {
    ChatRequest r = request();
    return new ChatRequest(r.messages(), r.tools(), r.temperature(), r.maxTokens(), r.extraBody(), r.origin(), Instant.now().plus(left));
  }

  @Test
  void aServerThatDripsItsAnswerIsCutOffAtTheRequestsDeadline() {
    server.enqueue(new MockResponse.Builder().code(200).body(answer("{\"role\":\"assistant\",\"content\":\"5\"}"))
        .throttleBody(40, 1, TimeUnit.SECONDS).build());
    long t0 = System.nanoTime();

    assertThatThrownBy(() -> builder().build().chat(requestDueIn(Duration.ofSeconds(1))))
        .isInstanceOf(ModelException.class)
        .hasMessageStartingWith("the model server at " + base() + " had not sent a whole answer when the rollout's time ran out (");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a 1 s deadline, not the 3 s the body takes").isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void aBodyOverTheCapFailsWithoutRetrying() {
    server.enqueue(ok("{\"role\":\"assistant\",\"content\":\"" + "x".repeat(2000) + "\"}"));

    assertThatThrownBy(() -> builder().maxResponseBytes(1024).build().chat(request()))
        .isInstanceOf(ModelException.class)
        .hasMessage("the model server at " + base() + " sent an answer larger than 1 KiB, the cap on one answer (maxResponseBytes): it was dropped");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void noRetryIsWaitedForThatWouldEndAfterTheDeadline() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "5").body("busy").build());

    assertThatThrownBy(() -> builder().build().chat(requestDueIn(Duration.ofSeconds(2))))
        .hasMessage("the rollout's time ran out after 1 attempt: the model server at " + base() + " answered 503: busy");
    assertThat(slept).isEmpty();
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDates() {
    assertThat(Backoff.parseRetryAfter("2.5")).isEqualTo(Duration.ofMillis(2500));
    assertThat(Backoff.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(Backoff.parseRetryAfter("soon")).isNull();
    assertThat(Backoff.delay(1, "999")).isEqualTo(Duration.ofSeconds(120));
  }
}
