package io.envbook.model.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.openai.OpenAiModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model-call cache in front of an OpenAI-compatible server (MockWebServer): what it answers and what it sends. */
class CachingModelTest {
  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(Json.write(Map.of(
          "choices", List.of(Map.of("index", 0, "finish_reason", "stop", "message", Map.of("role", "assistant", "content", "answer " + i))),
          "usage", Map.of("prompt_tokens", 30, "completion_tokens", 5)))).build());
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ChatModel cached(CacheMode mode) {
    return CachingModel.wrap(OpenAiModel.builder().server(server.url("/v1").toString()).model("qwen").build(), dir, mode);
  }

  private static ChatRequest request(double temperature, int sample) {
    return new ChatRequest(List.of(Message.system("sys"), Message.user("2+3?")), List.of(), temperature, 64, Map.of("top_p", 0.9),
        new ChatRequest.Origin("task-1", "q1", Map.of(), sample, 0));
  }

  @Test
  void theSameCallAgainIsAnsweredFromDiskWithoutTheServerEvenByAnotherRun() {
    ChatModel first = cached(CacheMode.ON);
    ChatResponse a = first.chat(request(0.7, 0));

    ChatModel second = cached(CacheMode.ON);
    ChatResponse b = second.chat(request(0.7, 0));

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(b).isEqualTo(a);
    assertThat(b.usage().total()).isEqualTo(35);
    assertThat(((CachingModel) first).stats()).isEqualTo(new CacheStats(0, 1, 0, List.of("item q1 sample 0 turn 0: not called before")));
    assertThat(((CachingModel) second).stats().summary()).isEqualTo("1 hit, 0 misses");
  }

  @Test
  void aMissSaysWhichFieldOfTheRequestChanged() {
    cached(CacheMode.ON).chat(request(0.7, 0));

    CachingModel again = (CachingModel) cached(CacheMode.ON);
    again.chat(request(0.2, 0));

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(again.stats().missReasons()).containsExactly("item q1 sample 0 turn 0: changed temperature (0.7 → 0.2)");
  }

  @Test
  void aChangedMessageIsNamedByItsPlace() {
    cached(CacheMode.ON).chat(request(0.7, 0));
    ChatRequest edited = new ChatRequest(List.of(Message.system("sys"), Message.user("2+4?")), List.of(), 0.7, 64, Map.of("top_p", 0.9),
        new ChatRequest.Origin("task-2", "q1", Map.of(), 0, 0));

    CachingModel again = (CachingModel) cached(CacheMode.ON);
    again.chat(edited);

    assertThat(again.stats().missReasons()).containsExactly("item q1 sample 0 turn 0: changed messages[1] (the user message: `2+3?` → `2+4?`)");
  }

  @Test
  void theSamplesOfAGroupAreCachedApart() {
    ChatModel m = cached(CacheMode.ON);
    String s0 = m.chat(request(0.7, 0)).message().content();
    String s1 = m.chat(request(0.7, 1)).message().content();

    assertThat(s0).isNotEqualTo(s1);
    assertThat(m.chat(request(0.7, 1)).message().content()).isEqualTo(s1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void refreshCallsTheServerAndReplacesWhatIsKept() {
    cached(CacheMode.ON).chat(request(0.7, 0));

    CachingModel refresh = (CachingModel) cached(CacheMode.REFRESH);
    String fresh = refresh.chat(request(0.7, 0)).message().content();

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(refresh.stats().refreshed()).isEqualTo(1);
    assertThat(cached(CacheMode.ON).chat(request(0.7, 0)).message().content()).isEqualTo(fresh).isEqualTo("answer 1");
  }

  @Test
  void offIsTheModelItself() {
    ChatModel plain = OpenAiModel.builder().server(server.url("/v1").toString()).model("qwen").build();
    assertThat(CachingModel.wrap(plain, dir, CacheMode.OFF)).isSameAs(plain);
  }
}
