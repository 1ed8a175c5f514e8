package io.envbook.bench;

import io.envbook.json.Json;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.Message;
import io.envbook.model.cache.CacheMode;
import io.envbook.model.cache.CachingModel;
import io.envbook.model.openai.OpenAiModel;
import io.envbook.tools.Tool;
import io.envbook.tools.ToolCallContext;
import io.envbook.tools.mcp.McpConnection;
import io.envbook.tools.mcp.McpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What MCP tools and the model-call cache cost: starting a stdio MCP server and one tool call to it,
 * and a model call answered by a local server, missed by the cache (the call plus the write) and
 * answered from the cache.
 *
 * <pre>
 * bench/run McpAndCacheBenchmark engine/src/test/mcp/node_modules/.bin/mcp-server-everything 10 500 2000
 * </pre>
 * Arguments: the everything server's command, server starts, tool calls, model calls.
 */
public final class McpAndCacheBenchmark {
  private McpAndCacheBenchmark() {}

  public static void main(String[] args) throws Exception {
    String everything = args[0];
    int starts = Integer.parseInt(args[1]);
    int calls = Integer.parseInt(args[2]);
    int modelCalls = Integer.parseInt(args[3]);
    mcp(everything, starts, calls);
    cache(modelCalls);
  }

  private static void mcp(String command, int starts, int calls) throws Exception {
    double[] start = new double[starts];
    for (int i = 0; i < starts; i++) {
      long t0 = System.nanoTime();
      try (McpConnection c = McpConnection.start(McpServer.stdio(command), null)) {
        start[i] = ms(t0);
      }
    }
    print("MCP server start (initialize + tools/list)", start);
    try (McpConnection c = McpConnection.start(McpServer.stdio(command), null)) {
      Tool echo = c.tools().stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
      ToolCallContext ctx = ToolCallContext.of(null).withTimeout(Duration.ofSeconds(30));
      JsonNode args = Json.parse("{\"message\":\"hello\"}");
      for (int i = 0; i < 50; i++) {
        echo.call(args, ctx);
      }
      double[] call = new double[calls];
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        echo.call(args, ctx);
        call[i] = ms(t0);
      }
      print("MCP tool call (echo, schema check included)", call);
    }
  }

  private static void cache(int n) throws Exception {
    Path dir = Files.createTempDirectory("envbook-cache-bench");
    try (OpenAiStub stub = new OpenAiStub(1)) {
      ChatModel plain = OpenAiModel.builder().server(stub.baseUrl()).model("stub").build();
      print("model call, local server, no cache", time(plain, n, 0));
      print("model call, cache miss (call + write)", time(CachingModel.wrap(plain, dir, CacheMode.ON), n, 1_000_000));
      print("model call, cache hit", time(CachingModel.wrap(plain, dir, CacheMode.ON), n, 1_000_000));
      System.out.printf(Locale.ROOT, "server requests %d for %d calls of each kind%n", stub.requests(), n);
    }
  }

  /** {@code n} calls, each a different 6-message conversation (item {@code offset + i}). */
  private static double[] time(ChatModel model, int n, int offset) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      List<Message> messages = List.of(Message.system("You are a calculator."), Message.user("What is " + (offset + i) + " + 1?"),
          Message.assistant("Let me add."), Message.user("Go on."), Message.assistant("Thinking."), Message.user("Answer now."));
      ChatRequest r = new ChatRequest(messages, List.of(), 0.7, 256, Map.of(),
          new ChatRequest.Origin("t", "item-" + (offset + i), Map.of(), 0, 0));
      long t0 = System.nanoTime();
      model.chat(r);
      out[i] = ms(t0);
    }
    return out;
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static void print(String what, double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    System.out.printf(Locale.ROOT, "%-46s n=%-5d median %8.3f ms  p99 %8.3f ms%n", what, s.length, s[s.length / 2],
        s[Math.min(s.length - 1, (int) (s.length * 0.99))]);
  }
}
