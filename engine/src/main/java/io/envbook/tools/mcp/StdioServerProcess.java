package io.envbook.tools.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * An MCP server run as a child process that speaks JSON-RPC over its stdin and stdout, one message a
 * line. Unlike the SDK's stdio transport it keeps the {@link Process}: envbook needs to know at once
 * when the server dies (a pending call then fails instead of waiting for its timeout), to quote the
 * last lines it wrote to stderr, and to kill everything it started when it is stopped ({@code npx}
 * runs the server as its child).
 */
final class StdioServerProcess implements McpClientTransport {
  private static final Logger LOG = LoggerFactory.getLogger(StdioServerProcess.class);
  private static final int STDERR_LINES = 20;

  private final List<String> command;
  private final Map<String, String> env;
  private final Path workDir;
  private final McpJsonMapper json;
  private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
  private volatile Process process;
  private volatile Thread stderrReader;
  private volatile boolean closing;

  StdioServerProcess(List<String> command, Map<String, String> env, Path workDir, McpJsonMapper json) {
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.json = json;
  }

  @Override
  public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return Mono.fromRunnable(() -> {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().putAll(env);
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new IllegalStateException("could not start `" + String.join(" ", command) + "`: " + e.getMessage(), e);
      }
      Thread.ofVirtual().name("mcp-stdout").start(() -> readMessages(handler));
      stderrReader = Thread.ofVirtual().name("mcp-stderr").start(this::readStderr);
    });
  }

  private void readMessages(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        McpSchema.JSONRPCMessage message;
        try {
          message = McpSchema.deserializeJsonRpcMessage(json, line);
        } catch (IOException | RuntimeException e) {
          LOG.debug("MCP server `{}` wrote a line that is not JSON-RPC: {}", command.get(0), line);
          continue;
        }
        handler.apply(Mono.just(message)).subscribe(reply -> send(reply), e -> LOG.debug("MCP request from the server failed", e));
      }
    } catch (IOException e) {
      if (!closing) {
        LOG.debug("reading from MCP server `{}` failed", command.get(0), e);
      }
    }
  }

  private void readStderr() {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        LOG.debug("MCP server `{}`: {}", command.get(0), line);
        synchronized (stderrTail) {
          stderrTail.addLast(line);
          if (stderrTail.size() > STDERR_LINES) {
            stderrTail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process is gone; its exit is reported where it matters
    }
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.fromRunnable(() -> send(message));
  }

  private void send(McpSchema.JSONRPCMessage message) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException(describeExit());
    }
    try {
      String line = json.writeValueAsString(message).replace("\r", "\\r").replace("\n", "\\n");
      OutputStream out = p.getOutputStream();
      synchronized (out) {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      throw new IllegalStateException(describeExit(), e);
    }
  }

  /** Completes when the server process ends (never, before it was started). */
  Mono<Void> exited() {
    return Mono.defer(() -> process == null ? Mono.never() : Mono.fromFuture(process.onExit()).then());
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /**
   * Whether the server has exited, waiting up to {@code wait} for it (a failed write often comes just
   * before the exit), and then for the rest of its stderr, so {@link #describeExit()} can quote it.
   */
  boolean exitedWithin(Duration wait) {
    Process p = process;
    if (p == null) {
      return false;
    }
    try {
      if (!p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return false;
      }
      Thread reader = stderrReader;
      if (reader != null) {
        reader.join(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !p.isAlive();
  }

  /** Why the server is not there: its exit code and the last lines of its stderr. */
  String describeExit() {
    Process p = process;
    String state = p == null ? "was not started" : p.isAlive() ? "stopped answering" : "exited with code " + p.exitValue();
    String tail;
    synchronized (stderrTail) {
      tail = String.join(" | ", stderrTail);
    }
    return "the MCP server `" + String.join(" ", command) + "` " + state + (tail.isBlank() ? "" : "; its stderr: " + tail);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::stop);
  }

  /** Ends the server and everything it started: stdin closed, SIGTERM, then SIGKILL for what is left after 2 s. */
  void stop() {
    closing = true;
    Process p = process;
    if (p == null) {
      return;
    }
    List<ProcessHandle> tree = p.descendants().toList();
    try {
      p.getOutputStream().close();
    } catch (IOException ignored) {
      // already closed
    }
    p.destroy();
    tree.forEach(ProcessHandle::destroy);
    try {
      p.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (p.isAlive()) {
      p.destroyForcibly();
    }
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return json.convertValue(data, typeRef);
  }
}
