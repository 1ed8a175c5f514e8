package io.envbook.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local OpenAI-compatible chat server that answers at once: while a conversation has fewer than
 * {@code turns - 1} assistant messages it calls the tool {@code noop}, then it answers "done". It
 * counts assistant messages in the raw body instead of parsing it, to cost the engine's side as
 * little CPU as possible.
 */
public final class OpenAiStub implements AutoCloseable {
  private static final byte[] ASSISTANT = "\"role\":\"assistant\"".getBytes(StandardCharsets.UTF_8);
  private final HttpServer server;
  private final int turns;
  private final AtomicLong requests = new AtomicLong();

  public OpenAiStub(int turns) throws IOException {
    this.turns = turns;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
    server.createContext("/v1/chat/completions", this::answer);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public long requests() {
    return requests.get();
  }

  private void answer(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    int assistants = count(body, ASSISTANT);
    String message = assistants < turns - 1
        ? "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_" + assistants
            + "\",\"type\":\"function\",\"function\":{\"name\":\"noop\",\"arguments\":\"{\\\"step\\\":" + assistants + "}\"}}]}"
        : "{\"role\":\"assistant\",\"content\":\"done\"}";
    String finish = assistants < turns - 1 ? "tool_calls" : "stop";
    byte[] out = ("{\"id\":\"cmpl\",\"object\":\"chat.completion\",\"model\":\"stub\",\"choices\":[{\"index\":0,\"message\":"
        + message + ",\"finish_reason\":\"" + finish + "\"}],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":10}}")
        .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  private static int count(byte[] haystack, byte[] needle) {
    int n = 0;
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      n++;
    }
    return n;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
