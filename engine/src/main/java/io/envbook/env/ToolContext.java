package io.envbook.env;

import io.envbook.json.Json;
import io.envbook.sandbox.ExecResult;
import io.envbook.sandbox.Sandbox;
import io.envbook.tools.Tool;
import io.envbook.tools.ToolCallContext;
import io.envbook.tools.ToolException;
import io.envbook.tools.ToolRegistry;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a reward function can do in the rollout's own sandbox, after the agent is done: run commands,
 * read and write files, move files between the host and the sandbox, and call the rollout's tools.
 * The runner cleans the sandbox up after scoring; {@link #cleanup()} does it early.
 *
 * <pre>{@code
 * ExecResult r = ctx.terminal("cat greeting.txt");
 * String text = ctx.readFile("greeting.txt");   // null when missing
 * }</pre>
 */
public final class ToolContext implements AutoCloseable {
  private final Sandbox sandbox;
  private final ToolRegistry tools;
  private final ToolCallContext callContext;
  private volatile boolean sandboxRead;

  public ToolContext(Sandbox sandbox, ToolRegistry tools, Limits limits) {
    this.sandbox = sandbox;
    this.tools = tools;
    this.callContext = new ToolCallContext(sandbox, sandbox.taskId(), limits.toolTimeout(), limits.maxToolOutputChars());
  }

  public String taskId() {
    return sandbox.taskId();
  }

  public Sandbox sandbox() {
    sandboxRead = true;
    return sandbox;
  }

  /** Runs a shell command in the sandbox's working directory with a 180 s timeout. */
  public ExecResult terminal(String command) {
    return terminal(command, Duration.ofSeconds(180));
  }

  public ExecResult terminal(String command, Duration timeout) {
    sandboxRead = true;
    return sandbox.exec(command, timeout);
  }

  /** The text of a file in the sandbox, or {@code null} when it does not exist. */
  public String readFile(String path) throws IOException {
    sandboxRead = true;
    try {
      return sandbox.readFile(path);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  public void writeFile(String path, String content) throws IOException {
    sandbox.writeFile(path, content);
  }

  /** Copies a host file, or a folder with everything in it, into the sandbox (binary-safe). */
  public void uploadFile(Path local, String remote) throws IOException {
    sandbox.upload(local, remote);
  }

  /** Copies a sandbox file, or a folder with everything in it, to the host (binary-safe), creating parent directories. */
  public void downloadFile(String remote, Path local) throws IOException {
    sandboxRead = true;
    sandbox.download(remote, local);
  }

  /**
   * Calls one of the rollout's tools with arguments and returns its raw result. A tool failure comes
   * back as {@code {"error": "..."}}, as the model would have seen it.
   */
  public String callTool(String name, Map<String, ?> arguments) {
    sandboxRead = true;
    Tool tool = tools.get(name);
    if (tool == null) {
      return Json.write(Map.of("error", "Unknown tool '" + name + "'. Available tools: " + tools.names()));
    }
    try {
      return tool.call(Json.toTree(arguments == null ? Map.of() : arguments), callContext);
    } catch (ToolException e) {
      return Json.write(Map.of("error", e.getMessage()));
    } catch (Exception e) {
      return Json.write(Map.of("error", "Tool execution failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  /**
   * Whether anything so far could have read the sandbox: a command, a file read or download, a tool
   * call, or the {@link #sandbox()} itself. {@code rescore} uses it to say which rewards looked at
   * files the agent's run is no longer there to provide.
   */
  public boolean sandboxRead() {
    return sandboxRead;
  }

  /** Kills the sandbox's processes and deletes its files. Idempotent. */
  public void cleanup() {
    sandbox.close();
  }

  @Override
  public void close() {
    cleanup();
  }
}
