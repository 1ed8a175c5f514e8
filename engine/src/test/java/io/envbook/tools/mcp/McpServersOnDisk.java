package io.envbook.tools.mcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real MCP servers from npm that .ci/run installs into engine/src/test/mcp (npm ci). */
public final class McpServersOnDisk {
  private static final Path BIN = Path.of("src/test/mcp/node_modules/.bin").toAbsolutePath();

  private McpServersOnDisk() {}

  /** The command of {@code @modelcontextprotocol/server-everything}; the test is skipped when it is not installed. */
  public static String everything() {
    return bin("mcp-server-everything");
  }

  /** The command of {@code @modelcontextprotocol/server-filesystem}. */
  public static String filesystem() {
    return bin("mcp-server-filesystem");
  }

  private static String bin(String name) {
    Path p = BIN.resolve(name);
    assumeTrue(Files.isExecutable(p), p + " is not installed (.ci/run installs it: npm ci --prefix engine/src/test/mcp)");
    return p.toString();
  }

  /** Whether a process running {@code name} is still alive under this JVM. */
  public static boolean running(String name) {
    return ProcessHandle.current().descendants()
        .anyMatch(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(name)).orElse(false));
  }
}
