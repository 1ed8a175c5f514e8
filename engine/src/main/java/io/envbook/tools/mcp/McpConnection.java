package io.envbook.tools.mcp;

import io.envbook.json.Json;
import io.envbook.tools.Tool;
import io.envbook.tools.ToolException;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A started MCP server: an initialized client and the server's tools as envbook {@link Tool}s.
 * {@link #close()} stops the server (for a command, its whole process tree).
 *
 * <pre>{@code
 * try (McpConnection c = McpConnection.start(McpServer.stdio("npx", "-y", "@modelcontextprotocol/server-everything"), null)) {
 *   List<Tool> tools = c.tools();
 * }
 * }</pre>
 */
public final class McpConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(McpConnection.class);
  private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(Json.MAPPER);
  /** The longest a call may take when the caller gives no timeout; calls normally carry the tool timeout. */
  private static final Duration REQUEST_CAP = Duration.ofHours(1);

  private final McpServer server;
  private final McpAsyncClient client;
  private final StdioServerProcess process;
  private final List<Tool> tools;

  private McpConnection(McpServer server, McpAsyncClient client, StdioServerProcess process, List<McpSchema.Tool> listed) {
    this.server = server;
    this.client = client;
    this.process = process;
    List<Tool> out = new ArrayList<>();
    for (McpSchema.Tool t : listed) {
      out.add(new McpTool(this, t, server.prefix()));
    }
    this.tools = List.copyOf(out);
  }

  /**
   * Starts a server, initializes it and lists its tools, within the server's start timeout. A server
   * that cannot be started, exits or does not answer in time fails with a {@link ToolException}
   * naming it, and is stopped.
   */
  public static McpConnection start(McpServer server, Path sandboxDir) throws ToolException {
    StdioServerProcess process = server.url() == null
        ? new StdioServerProcess(server.commandFor(sandboxDir), server.env(), sandboxDir, JSON) : null;
    McpClientTransport transport = process != null ? process : http(server.url());
    McpAsyncClient client = McpClient.async(transport)
        .clientInfo(new McpSchema.Implementation("envbook", "0.1"))
        .requestTimeout(REQUEST_CAP)
        .initializationTimeout(server.startTimeout())
        .build();
    try {
      Mono<McpSchema.ListToolsResult> ready = client.initialize().then(client.listTools());
      McpSchema.ListToolsResult listed = await(ready, process, server.startTimeout(), "start");
      LOG.debug("MCP server `{}` started with {} tools", server.label(), listed.tools().size());
      return new McpConnection(server, client, process, listed.tools());
    } catch (ToolException | RuntimeException e) {
      stop(client, process);
      throw e instanceof ToolException te ? te : new ToolException("the MCP server `" + server.label() + "` did not start: " + e.getMessage(), e);
    }
  }

  private static McpClientTransport http(String url) {
    URI uri = URI.create(url);
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/mcp" : uri.getRawPath();
    return HttpClientStreamableHttpTransport.builder(base).endpoint(path).jsonMapper(JSON).connectTimeout(Duration.ofSeconds(10)).build();
  }

  public McpServer server() {
    return server;
  }

  /** The server's tools, named with the server's prefix. */
  public List<Tool> tools() {
    return tools;
  }

  /**
   * Calls a tool and waits at most {@code timeout}: a server that exits meanwhile or does not answer
   * in time is a {@link ToolException} saying so, never a call that waits for ever.
   */
  McpSchema.CallToolResult call(String name, Map<String, Object> arguments, Duration timeout) throws ToolException {
    if (process != null && !process.alive()) {
      throw new ToolException(process.describeExit());
    }
    return await(client.callTool(new McpSchema.CallToolRequest(name, arguments, null)), process, timeout, "call `" + name + "`");
  }

  private static <T> T await(Mono<T> call, StdioServerProcess process, Duration timeout, String what) throws ToolException {
    Mono<T> watched = process == null ? call
        : Mono.firstWithSignal(call, process.exited().then(Mono.error(() -> new ServerGone(process.describeExit()))));
    try {
      T result = watched.block(timeout);
      if (result == null) {
        throw new ToolException("the MCP server gave no answer to " + what);
      }
      return result;
    } catch (ServerGone e) {
      throw new ToolException(e.getMessage());
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new ToolException("the MCP " + what + " was interrupted");
      }
      if (process != null && process.exitedWithin(Duration.ofSeconds(1))) {
        throw new ToolException(process.describeExit());
      }
      if (String.valueOf(e.getMessage()).startsWith("Timeout on blocking read")) {
        throw new ToolException("the MCP server did not answer the " + what + " within " + seconds(timeout));
      }
      throw new ToolException("the MCP " + what + " failed: " + rootMessage(e), e);
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    stop(client, process);
    LOG.debug("MCP server `{}` stopped", server.label());
  }

  private static void stop(McpAsyncClient client, StdioServerProcess process) {
    try {
      client.closeGracefully().block(Duration.ofSeconds(3));
    } catch (RuntimeException e) {
      LOG.debug("closing an MCP client failed", e);
    }
    if (process != null) {
      process.stop();
    }
  }

  /** The server process ended while a request waited for it. */
  private static final class ServerGone extends RuntimeException {
    ServerGone(String message) {
      super(message, null, false, false);
    }
  }
}
