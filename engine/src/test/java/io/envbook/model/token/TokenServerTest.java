package io.envbook.model.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.json.Json;
import io.envbook.model.ModelException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token models' calls hold the rollout's deadline and the cap on an answer, as the chat models' do. */
class TokenServerTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private TokenServer tokenServer(long cap) {
    return new TokenServer(server.url("").toString(), null, Duration.ofSeconds(30), cap);
  }

  @Test
  void aServerThatDripsItsAnswerIsCutOffAtTheDeadline() {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"tokens\": [" + "1, ".repeat(40) + "2]}")
        .throttleBody(4, 1, TimeUnit.SECONDS).build());
    long t0 = System.nanoTime();

    assertThatThrownBy(() -> tokenServer(1 << 20).post("/tokenize", Json.object(), Instant.now().plusSeconds(1)))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("/tokenize had not sent a whole answer when the rollout's time ran out");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the 1 s deadline, not the 40 s the body takes").isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void anAnswerOverTheCapIsRefused() {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"tokens\": [" + "1, ".repeat(1000) + "2]}").build());

    assertThatThrownBy(() -> tokenServer(1024).post("/tokenize", Json.object(), null))
        .isInstanceOf(ModelException.class)
        .hasMessage("the token server sent an answer larger than 1 KiB at /tokenize, the cap on one answer: it was dropped");
  }

  @Test
  void aCallPastItsDeadlineIsNotMade() {
    assertThatThrownBy(() -> tokenServer(1024).post("/v1/completions", Json.object(), Instant.now().minusSeconds(1)))
        .isInstanceOf(ModelException.class)
        .hasMessage("the rollout's time ran out before the token server's /v1/completions was called");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anAnswerWithinTheCapAndTheDeadlineIsRead() {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"tokens\": [1, 2, 3]}").build());

    assertThat(TokenServer.ints(tokenServer(1024).post("/tokenize", Json.object(), Instant.now().plusSeconds(10)).get("tokens"), "answer"))
        .containsExactly(1, 2, 3);
  }
}
