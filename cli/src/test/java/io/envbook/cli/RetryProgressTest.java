package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rate-limited model call shows in the progress output, and the tokens of the run in its summary. */
class RetryProgressTest extends ConsoleCapture {
  @TempDir Path dir;

  @Test
  void aRetryIsShownWithTheStatusTheServerAndTheWaitAndTheSummaryCountsTokens() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").body("rate limited").build());
      server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"5\"}}],"
              + "\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":34}}").build());
      server.start();

      int code = Main.execute("run", "../examples/arithmetic", "-n", "1", "-g", "1", "--out", dir.resolve("r.jsonl").toString(),
          "--model", "qwen", "--base-url", server.url("/v1").toString());

      assertThat(code).as(stderr()).isIn(0, 1);
      String host = server.getHostName() + ":" + server.getPort();
      assertThat(stdout()).contains("  retrying: 429 from " + host + ", 1 s\n")
          .contains("  tokens      agent 1,234 (1,200 prompt + 34 completion)\n")
          .contains("  tokens/item ");
    }
  }
}
