package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cache}: a second eval answers from the cache without the server, and says how many calls it served. */
class CacheOptionTest extends ConsoleCapture {
  @TempDir Path dir;

  @Test
  void aSecondEvalIsAnsweredFromTheCacheAndAChangedOptionMissesWithItsReason() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(Json.write(Map.of(
              "choices", List.of(Map.of("index", 0, "finish_reason", "stop", "message", Map.of("role", "assistant", "content", "5"))),
              "usage", Map.of("prompt_tokens", 10, "completion_tokens", 1)))).build();
        }
      });
      server.start();
      String[] common = {"eval", "../examples/arithmetic", "-n", "2", "--model", "qwen", "--base-url", server.url("/v1").toString(),
          "--cache", "--cache-dir", dir.resolve("cache").toString()};

      assertThat(Main.execute(concat(common, "--out", dir.resolve("a").toString()))).as(stderr()).isZero();
      int calls = server.getRequestCount();
      assertThat(stdout()).contains("  cache       0 hits, " + calls + " misses");

      assertThat(Main.execute(concat(common, "--out", dir.resolve("b").toString()))).isZero();
      assertThat(server.getRequestCount()).as("the second eval never calls the server").isEqualTo(calls);
      assertThat(stdout()).contains("  cache       " + calls + " hits, 0 misses");

      assertThat(Main.execute(concat(common, "--out", dir.resolve("c").toString(), "--sample", "top_p=0.5"))).isZero();
      assertThat(stdout()).contains("  cache miss  item ").contains(": changed model_defaults ({} → {\"top_p\":0.5})");
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
