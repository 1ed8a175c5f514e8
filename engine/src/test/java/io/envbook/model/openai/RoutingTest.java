package io.envbook.model.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.model.ChatRequest;
import io.envbook.model.Message;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class RoutingTest {
  @Test
  void callsGoToTheServerWithTheMostFreeSlots() throws Exception {
    ServerPool pool = new ServerPool(List.of("a", "b"), 3);

    int first = pool.acquire(-1);
    int second = pool.acquire(-1);
    int third = pool.acquire(-1);
    int lessBusy = pool.inFlight(0) < pool.inFlight(1) ? 0 : 1;

    assertThat(first).isNotEqualTo(second);
    assertThat(pool.inFlight(third)).isEqualTo(2);
    assertThat(pool.acquire(-1)).isEqualTo(lessBusy);
    pool.release(first);
    pool.release(first);
    assertThat(pool.acquire(-1)).as("the server with the most free slots").isEqualTo(first);
  }

  @Test
  void aRetryAvoidsTheServerThatFailedWhenAnotherExists() throws Exception {
    ServerPool pool = new ServerPool(List.of("a", "b", "c"), 4);

    for (int i = 0; i < 10; i++) {
      int s = pool.acquire(1);
      assertThat(s).isNotEqualTo(1);
      pool.release(s);
    }
    ServerPool single = new ServerPool(List.of("a"), 1);
    assertThat(single.acquire(0)).isZero();
  }

  @Test
  void aFullPoolMakesCallersWaitForASlot() throws Exception {
    ServerPool pool = new ServerPool(List.of("a"), 1);
    int held = pool.acquire(-1);
    CountDownLatch got = new CountDownLatch(1);
    Thread.ofVirtual().start(() -> {
      try {
        pool.acquire(-1);
        got.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    assertThat(got.await(200, TimeUnit.MILLISECONDS)).isFalse();
    pool.release(held);
    assertThat(got.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void concurrentCallsSpreadOverTwoServersAndAFailingOneIsSkippedOnRetry() throws Exception {
    try (MockWebServer a = new MockWebServer(); MockWebServer b = new MockWebServer()) {
      a.start();
      b.start();
      for (int i = 0; i < 4; i++) {
        a.enqueue(new MockResponse.Builder().code(200).body(OpenAiModelTest.answer("{\"role\":\"assistant\",\"content\":\"a\"}"))
            .headersDelay(300, TimeUnit.MILLISECONDS).build());
        b.enqueue(new MockResponse.Builder().code(200).body(OpenAiModelTest.answer("{\"role\":\"assistant\",\"content\":\"b\"}"))
            .headersDelay(300, TimeUnit.MILLISECONDS).build());
      }
      OpenAiModel m = OpenAiModel.builder().server(a.url("/v1").toString()).server(b.url("/v1").toString()).model("m")
          .maxConcurrentPerServer(4).sleeper(d -> { }).build();
      List<Thread> threads = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        threads.add(Thread.ofVirtual().start(() -> m.chat(ChatRequest.of(List.of(Message.user("hi"))))));
      }
      for (Thread t : threads) {
        t.join(10_000);
      }
      assertThat(a.getRequestCount()).isEqualTo(2);
      assertThat(b.getRequestCount()).isEqualTo(2);

      a.close();
      String answer = m.chat(ChatRequest.of(List.of(Message.user("hi")))).message().content();
      assertThat(answer).isEqualTo("b");
    }
  }

  @Test
  void aCallWaitingForASlotGivesUpAtItsDeadline() throws Exception {
    ServerPool pool = new ServerPool(List.of("a"), 1);
    pool.acquire(-1);
    long t0 = System.nanoTime();

    assertThat(pool.acquire(-1, java.time.Instant.now().plusMillis(200))).as("no slot came free in time").isEqualTo(-1);
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
  }

  @Test
  void aRolloutWhoseTimeRunsOutWhileEveryServerIsBusyFailsSayingSo() throws Exception {
    try (MockWebServer a = new MockWebServer()) {
      a.start();
      a.enqueue(new MockResponse.Builder().code(200).body(OpenAiModelTest.answer("{\"role\":\"assistant\",\"content\":\"a\"}"))
          .headersDelay(3, TimeUnit.SECONDS).build());
      OpenAiModel m = OpenAiModel.builder().server(a.url("/v1").toString()).model("m").maxConcurrentPerServer(1).sleeper(d -> { }).build();
      Thread busy = Thread.ofVirtual().start(() -> m.chat(ChatRequest.of(List.of(Message.user("hi")))));
      while (a.getRequestCount() == 0) {
        Thread.sleep(10);
      }
      ChatRequest r = ChatRequest.of(List.of(Message.user("hi")));
      ChatRequest due = new ChatRequest(r.messages(), r.tools(), null, null, null, null, java.time.Instant.now().plusMillis(300));
      long t0 = System.nanoTime();

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.chat(due))
          .isInstanceOf(io.envbook.model.ModelException.class)
          .hasMessageContaining("time ran out waiting for a free slot on the model server: every one had 1 call in flight");
      assertThat(System.nanoTime() - t0).as("the deadline, not the busy call's 3 s").isLessThan(TimeUnit.MILLISECONDS.toNanos(2500));
      busy.join();
    }
  }
}
