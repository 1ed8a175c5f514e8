package io.envbook.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.json.Json;
import io.envbook.model.ToolSchema;
import io.envbook.tools.Tool;
import io.envbook.tools.ToolCallContext;
import io.envbook.tools.ToolException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Against the real {@code @modelcontextprotocol/server-everything}, over stdio and streamable HTTP. */
class McpConnectionTest {
  private static final ToolCallContext CTX = ToolCallContext.of(null).withTimeout(Duration.ofSeconds(20));

  private static Tool tool(McpConnection c, String name) {
    return c.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theServersToolsComeWithTheirSchemasAndAnswerCalls() throws Exception {
    try (McpConnection c = McpConnection.start(McpServer.stdio(McpServersOnDisk.everything()), null)) {
      ToolSchema sum = tool(c, "get-sum").schema();
      assertThat(sum.description()).isEqualTo("Returns the sum of two numbers");
      assertThat(sum.parameters().path("properties").path("a").path("type").asString()).isEqualTo("number");
      assertThat(sum.parameters().path("required").toString()).contains("\"a\"", "\"b\"");

      assertThat(tool(c, "echo").call(Json.parse("{\"message\":\"hi there\"}"), CTX)).isEqualTo("Echo: hi there");
      assertThat(tool(c, "get-sum").call(Json.parse("{\"a\":2,\"b\":3.5}"), CTX)).contains("5.5");
    }
  }

  @Test
  void argumentsThatDoNotFitTheSchemaGoBackToTheModelNamingWhatIsWrong() throws Exception {
    try (McpConnection c = McpConnection.start(McpServer.stdio(McpServersOnDisk.everything()), null)) {
      assertThatThrownBy(() -> tool(c, "get-sum").call(Json.parse("{\"a\":\"two\"}"), CTX))
          .isInstanceOf(ToolException.class)
          .hasMessageContaining("Invalid arguments for 'get-sum'")
          .hasMessageContaining("/a: string found, number expected")
          .hasMessageContaining("required property 'b' not found");
    }
  }

  @Test
  void aPrefixRenamesTheToolsButTheServerIsCalledByItsOwnName() throws Exception {
    try (McpConnection c = McpConnection.start(McpServer.stdio(McpServersOnDisk.everything()).prefix("ev_"), null)) {
      assertThat(c.tools()).extracting(Tool::name).contains("ev_echo").doesNotContain("echo");
      assertThat(tool(c, "ev_echo").call(Json.parse("{\"message\":\"x\"}"), CTX)).isEqualTo("Echo: x");
    }
  }

  @Test
  void aCallThatHangsIsAToolErrorAfterTheToolTimeout() throws Exception {
    try (McpConnection c = McpConnection.start(McpServer.stdio(McpServersOnDisk.everything()), null)) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> tool(c, "trigger-long-running-operation")
          .call(Json.parse("{\"duration\":30,\"steps\":2}"), ToolCallContext.of(null).withTimeout(Duration.ofSeconds(1))))
          .isInstanceOf(ToolException.class)
          .hasMessageContaining("did not answer the call `trigger-long-running-operation` within 1 s");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      assertThat(tool(c, "echo").call(Json.parse("{\"message\":\"still here\"}"), CTX)).isEqualTo("Echo: still here");
    }
  }

  @Test
  void aServerThatDiesMidCallIsAToolErrorAtOnceNotAWaitForTheTimeout() throws Exception {
    try (McpConnection c = McpConnection.start(McpServer.stdio(McpServersOnDisk.everything()), null)) {
      Thread killer = Thread.ofVirtual().start(() -> {
        sleep(500);
        ProcessHandle.current().descendants()
            .filter(p -> p.info().commandLine().map(l -> l.contains("mcp-server-everything")).orElse(false))
            .forEach(ProcessHandle::destroyForcibly);
      });
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> tool(c, "trigger-long-running-operation")
          .call(Json.parse("{\"duration\":30,\"steps\":2}"), ToolCallContext.of(null).withTimeout(Duration.ofSeconds(60))))
          .isInstanceOf(ToolException.class)
          .hasMessageContaining("exited with code");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      killer.join();
      assertThatThrownBy(() -> tool(c, "echo").call(Json.parse("{\"message\":\"x\"}"), CTX))
          .isInstanceOf(ToolException.class).hasMessageContaining("exited with code");
    }
  }

  @Test
  void closingStopsTheServerAndEverythingItStarted() throws Exception {
    String everything = McpServersOnDisk.everything();
    McpConnection c = McpConnection.start(McpServer.stdio("sh", "-c", everything + " stdio"), null);
    assertThat(McpServersOnDisk.running("mcp-server-everything")).isTrue();

    c.close();

    assertThat(McpServersOnDisk.running("mcp-server-everything")).as("the server under sh is gone too").isFalse();
  }

  @Test
  void aServerThatExitsAtStartSaysSoWithItsStderr() {
    assertThatThrownBy(() -> McpConnection.start(McpServer.stdio("sh", "-c", "echo 'no config here' >&2; exit 3"), null))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("no config here");
  }

  @Test
  void aStreamableHttpServerServesTheSameTools() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(McpServersOnDisk.everything(), "streamableHttp").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PORT", String.valueOf(port));
    Process server = pb.start();
    try {
      awaitPort(port);
      try (McpConnection c = McpConnection.start(McpServer.http("http://127.0.0.1:" + port + "/mcp"), null)) {
        assertThat(c.tools()).extracting(Tool::name).contains("echo", "get-sum");
        assertThat(tool(c, "echo").call(Json.parse("{\"message\":\"over http\"}"), CTX)).isEqualTo("Echo: over http");
      }
    } finally {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
    }
  }

  private static void awaitPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the streamable HTTP server did not listen on " + port);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
