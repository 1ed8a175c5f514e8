package io.envbook.cli;

import io.envbook.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;
import tools.jackson.databind.JsonNode;

/**
 * An OpenAI-compatible chat server on a real local socket that misbehaves as the conversation asks:
 * the last word of its first user message names the fault. {@code drip} sends a whole answer one byte
 * every 200 ms, {@code endless} a body that never ends, {@code error500} always answers 500,
 * {@code reset} drops the connection halfway through the body, {@code garbage} answers text that is
 * not JSON. Any other word gets a well-behaved model: {@code tool:NAME} calls tool NAME first, and
 * every conversation ends with "the sum is 3".
 *
 * <pre>{@code
 * try (FaultyModelServer server = FaultyModelServer.start()) { ... server.baseUrl() ... }
 * }</pre>
 */
final class FaultyModelServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();

  private FaultyModelServer() {}

  static FaultyModelServer start() throws IOException {
    FaultyModelServer s = new FaultyModelServer();
    s.server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(Json.parse(request.getBody().utf8()).get("messages"));
      }
    });
    s.server.start();
    return s;
  }

  String baseUrl() {
    return server.url("/v1").toString();
  }

  @Override
  public void close() {
    server.close();
  }

  private static MockResponse answer(JsonNode messages) {
    String fault = "ok";
    boolean toolAnswered = false;
    for (JsonNode m : messages) {
      String role = m.path("role").asString();
      if (role.equals("user") && fault.equals("ok")) {
        String text = m.path("content").asString().trim();
        fault = text.substring(text.lastIndexOf(' ') + 1);
      }
      toolAnswered |= role.equals("tool");
    }
    String done = "{\"role\":\"assistant\",\"content\":\"the sum is 3\"}";
    return switch (fault) {
      case "drip" -> new MockResponse.Builder().code(200).body(new DrippingBody(completion(done))).build();
      case "endless" -> new MockResponse.Builder().code(200).body(new EndlessBody()).build();
      case "error500" -> new MockResponse.Builder().code(500).body("internal error").build();
      case "reset" -> new MockResponse.Builder().code(200).body(completion("{\"role\":\"assistant\",\"content\":\"" + "y".repeat(20_000) + "\"}"))
          .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
      case "garbage" -> new MockResponse.Builder().code(200).body("<html>Service replaced by a cat</html>").build();
      default -> fault.startsWith("tool:") && !toolAnswered
          ? ok("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\""
              + fault.substring(5) + "\",\"arguments\":\"{}\"}}]}")
          : ok(done);
    };
  }

  private static MockResponse ok(String message) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(completion(message)).build();
  }

  private static String completion(String message) {
    return "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":" + message
        + ",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}";
  }

  /** A whole answer, one byte every 200 ms, until the client hangs up. */
  private record DrippingBody(String text) implements MockResponseBody {
    @Override
    public long getContentLength() {
      return text.length();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
        sink.writeByte(b).flush();
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          throw new InterruptedIOException("server closing");
        }
      }
    }
  }

  /** The start of an answer followed by x for ever, until the client hangs up. */
  private static final class EndlessBody implements MockResponseBody {
    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.writeUtf8("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"");
      byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
      while (true) {
        sink.write(chunk).flush();
      }
    }
  }
}
