package io.envbook.tools.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An MCP tool server an environment uses: a command that speaks MCP on stdin and stdout, or the URL
 * of a streamable-HTTP server. Its tools join the model's tool list under their own names (with
 * {@code prefix} in front, when two servers or a toolset would clash).
 *
 * <p>A server is started for each rollout ({@link Scope#ROLLOUT}, the default: the rollout's state
 * is its own, and {@value #SANDBOX_DIR} in the command is replaced by the rollout's sandbox
 * directory on the {@code local} and {@code bubblewrap} backends, whose sandboxes are directories on
 * this machine, where the server runs) or once for the whole run ({@link Scope#SHARED}); either way it is stopped, with
 * everything it started, when its rollout or run ends.
 *
 * <pre>{@code
 * McpServer fs = McpServer.stdio("npx", "-y", "@modelcontextprotocol/server-filesystem", McpServer.SANDBOX_DIR);
 * McpServer remote = McpServer.http("http://localhost:3001/mcp").scope(McpServer.Scope.SHARED);
 * }</pre>
 */
public record McpServer(List<String> command, String url, Map<String, String> env, Scope scope, String prefix,
    Duration startTimeout) {
  /** In a command's arguments, the directory of the rollout's sandbox. */
  public static final String SANDBOX_DIR = "{sandbox}";
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

  /** When a server starts and stops. */
  public enum Scope {
    /** Started for each rollout, before the agent, and stopped after the reward. */
    ROLLOUT,
    /** Started once before the run's first rollout and stopped after its last. */
    SHARED
  }

  public McpServer {
    command = command == null ? List.of() : List.copyOf(command);
    if (command.isEmpty() == (url == null)) {
      throw new IllegalArgumentException("an MCP server is a command or a URL: give one of them");
    }
    if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("MCP server URL `" + url + "` must start with http:// or https://");
    }
    env = env == null ? Map.of() : Map.copyOf(env);
    scope = scope == null ? Scope.ROLLOUT : scope;
    prefix = prefix == null ? "" : prefix;
    startTimeout = startTimeout == null ? DEFAULT_START_TIMEOUT : startTimeout;
  }

  /** A server run as a command: {@code McpServer.stdio("npx", "-y", "@modelcontextprotocol/server-everything")}. */
  public static McpServer stdio(String... command) {
    return new McpServer(List.of(command), null, null, null, null, null);
  }

  /** A streamable-HTTP server: {@code McpServer.http("http://localhost:3001/mcp")}. */
  public static McpServer http(String url) {
    return new McpServer(null, Objects.requireNonNull(url, "url == null"), null, null, null, null);
  }

  public McpServer scope(Scope newScope) {
    return new McpServer(command, url, env, newScope, prefix, startTimeout);
  }

  public McpServer env(Map<String, String> variables) {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.putAll(variables);
    return new McpServer(command, url, all, scope, prefix, startTimeout);
  }

  /** Puts {@code prefix} before the names of this server's tools, e.g. {@code fs_} gives {@code fs_read_file}. */
  public McpServer prefix(String newPrefix) {
    return new McpServer(command, url, env, scope, newPrefix, startTimeout);
  }

  public McpServer startTimeout(Duration timeout) {
    return new McpServer(command, url, env, scope, prefix, timeout);
  }

  /** The command with {@value #SANDBOX_DIR} replaced by {@code sandboxDir} (left as it is when there is none). */
  List<String> commandFor(Path sandboxDir) {
    List<String> out = new ArrayList<>(command.size());
    for (String arg : command) {
      out.add(sandboxDir == null ? arg : arg.replace(SANDBOX_DIR, sandboxDir.toString()));
    }
    return out;
  }

  /** How messages name this server: its command or URL. */
  public String label() {
    return url != null ? url : String.join(" ", command);
  }
}
