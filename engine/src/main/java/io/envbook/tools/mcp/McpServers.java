package io.envbook.tools.mcp;

import io.envbook.tools.Tool;
import io.envbook.tools.ToolException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several started MCP servers, stopped together. Starting is all or nothing: when one server fails to
 * start, those already started are stopped before the failure is thrown.
 *
 * <pre>{@code
 * try (McpServers servers = McpServers.start(env.mcpServers(), sandbox.root())) {
 *   ToolRegistry tools = base.plus(servers.tools());
 * }
 * }</pre>
 */
public final class McpServers implements AutoCloseable {
  public static final McpServers NONE = new McpServers(List.of());

  private final List<McpConnection> connections;

  private McpServers(List<McpConnection> connections) {
    this.connections = List.copyOf(connections);
  }

  /** Starts {@code servers} in order; {@code sandboxDir} replaces {@value McpServer#SANDBOX_DIR} in their commands. */
  public static McpServers start(List<McpServer> servers, Path sandboxDir) throws ToolException {
    if (servers.isEmpty()) {
      return NONE;
    }
    List<McpConnection> started = new ArrayList<>();
    try {
      for (McpServer s : servers) {
        started.add(McpConnection.start(s, sandboxDir));
      }
    } catch (ToolException | RuntimeException e) {
      started.forEach(McpConnection::close);
      throw e;
    }
    return new McpServers(started);
  }

  /** The servers of {@code servers} that have {@code scope}. */
  public static List<McpServer> withScope(List<McpServer> servers, McpServer.Scope scope) {
    return servers.stream().filter(s -> s.scope() == scope).toList();
  }

  public List<Tool> tools() {
    List<Tool> all = new ArrayList<>();
    connections.forEach(c -> all.addAll(c.tools()));
    return all;
  }

  @Override
  public void close() {
    connections.forEach(McpConnection::close);
  }
}
