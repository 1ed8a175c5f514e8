package io.envbook.dsl;

import io.envbook.tools.mcp.McpServer;
import io.envbook.util.Suggest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code mcp(...)}, a tool server for {@code tools}:
 *
 * <pre>{@code
 * tools mcp('npx', '-y', '@modelcontextprotocol/server-filesystem', '{sandbox}')   // started per rollout, in its sandbox
 * tools mcp(url: 'http://localhost:3001/mcp', scope: 'shared', prefix: 'remote_')
 * }</pre>
 */
final class McpOptions {
  static final List<String> NAMES = List.of("url", "scope", "prefix", "env", "startTimeout");
  static final List<String> SCOPES = List.of("rollout", "shared");

  private McpOptions() {}

  static McpServer server(ScriptContext script, Map<String, ?> options, List<String> command) {
    Object url = options.get("url");
    if ((url == null) == command.isEmpty()) {
      throw script.error("mcp(...) takes a command (mcp('npx', '-y', '@modelcontextprotocol/server-everything')) or a URL "
          + "(mcp(url: 'http://localhost:3001/mcp')), not " + (url == null ? "neither" : "both"));
    }
    McpServer server;
    try {
      server = url == null ? McpServer.stdio(command.toArray(String[]::new)) : McpServer.http(String.valueOf(url));
    } catch (IllegalArgumentException e) {
      throw script.error(e.getMessage());
    }
    for (Map.Entry<String, ?> e : options.entrySet()) {
      Object v = e.getValue();
      switch (e.getKey()) {
        case "url" -> { }
        case "scope" -> server = server.scope(scope(script, String.valueOf(v)));
        case "prefix" -> server = server.prefix(String.valueOf(v));
        case "env" -> server = server.env(env(script, v));
        case "startTimeout" -> server = server.startTimeout(duration(script, v));
        default -> throw script.error("unknown mcp option `" + e.getKey() + "`:" + Suggest.didYouMean(e.getKey(), NAMES)
            + " Options: " + String.join(", ", NAMES));
      }
    }
    return server;
  }

  private static McpServer.Scope scope(ScriptContext script, String value) {
    if (!SCOPES.contains(value)) {
      throw script.error("unknown mcp scope `" + value + "`:" + Suggest.didYouMean(value, SCOPES) + " Scopes: rollout (a server per "
          + "rollout, the default), shared (one server for the run)");
    }
    return value.equals("shared") ? McpServer.Scope.SHARED : McpServer.Scope.ROLLOUT;
  }

  private static Map<String, String> env(ScriptContext script, Object value) {
    if (!(value instanceof Map<?, ?> m)) {
      throw script.error("mcp's env: takes a map of variables, e.g. env: [API_KEY: env('API_KEY')]");
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    return out;
  }

  private static Duration duration(ScriptContext script, Object value) {
    Duration d = Durations.parse(value);
    if (d == null) {
      throw script.error("mcp's startTimeout: takes a duration such as '30s' or '2m', not `" + value + "`");
    }
    return d;
  }
}
