package io.envbook.model.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.model.ChatRequest;
import io.envbook.model.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** A retry is heard before the wait, with the server, the status and the wait the server asked for. */
class RetryEventsTest {
  @Test
  void aRateLimitedCallReportsTheStatusTheServerAndTheWait() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3").body("slow down").build());
      server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
      server.enqueue(OpenAiModelTest.ok("{\"role\":\"assistant\",\"content\":\"5\"}"));
      server.start();
      OpenAiModel model = OpenAiModel.builder().server(server.url("/v1").toString()).model("qwen").sleeper(d -> { })
          .retryListener((host, reason, wait, attempt) -> heard.add(attempt + " " + reason + " from " + host + " " + wait.toSeconds() + " s"))
          .build();

      assertThat(model.chat(ChatRequest.of(List.of(Message.user("2+3?")))).message().content()).isEqualTo("5");

      String host = server.getHostName() + ":" + server.getPort();
      assertThat(heard).hasSize(2);
      assertThat(heard.get(0)).isEqualTo("1 429 from " + host + " 3 s");
      assertThat(heard.get(1)).startsWith("2 503 from " + host);
    }
  }
}
