package io.envbook.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Sandbox} contract for any backend that can run a program in a container through a
 * {@link CommandChannel} ({@code docker}, {@code kubernetes}): commands are wrapped in {@code sh} to
 * enter their working directory, get their environment and merge stderr into stdout; each carries a
 * marker variable, so a command past its timeout is killed inside the container with everything it
 * started; files and folders move through {@code cat} and {@code tar} (see {@link ContainerFiles}).
 * Any path in the container may be named: the container is the boundary.
 *
 * <pre>{@code
 * Sandbox sb = new ContainerSandbox("task-1", "docker", "/workspace", channel, 100_000, () -> {});
 * }</pre>
 */
public final class ContainerSandbox extends BaseSandbox {
  /** Enters the working directory ($1), then runs `env NAME=VALUE... argv...` with stderr merged into stdout. */
  private static final String WRAPPER = "cd -- \"$1\" 2>/dev/null || { echo \"no such folder: $1\"; exit 1; }; shift; exec env \"$@\" 2>&1";
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

  private final String backend;
  private final String workdir;
  private final CommandChannel channel;
  private final ContainerFiles files;
  private final int outputCap;
  private final Runnable onClose;
  private final String marker = "envbook-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
  private final AtomicLong execs = new AtomicLong();

  /**
   * @param workdir the working directory inside the container, an absolute path
   * @param outputCap the most characters of output a command returns
   * @param onClose run once the container is gone (a provider forgets the sandbox)
   */
  public ContainerSandbox(String taskId, String backend, String workdir, CommandChannel channel, int outputCap, Runnable onClose) {
    this(taskId, backend, workdir, channel, new ContainerFiles(channel, workdir), outputCap, onClose);
  }

  private ContainerSandbox(String taskId, String backend, String workdir, CommandChannel channel, ContainerFiles files, int outputCap,
      Runnable onClose) {
    super(taskId, files);
    this.backend = backend;
    this.workdir = workdir;
    this.channel = channel;
    this.files = files;
    this.outputCap = outputCap;
    this.onClose = onClose;
  }

  @Override
  public String backend() {
    return backend;
  }

  @Override
  public String workdir() {
    return workdir;
  }

  /** The channel commands go through. */
  public CommandChannel channel() {
    return channel;
  }

  @Override
  public ExecResult exec(ExecRequest request) {
    checkOpen();
    String execMarker = marker + "/" + execs.incrementAndGet();
    List<String> argv = new ArrayList<>(List.of("sh", "-c", WRAPPER, "sh", files.absolute(request.cwd() == null ? "." : request.cwd())));
    environment(request.env(), execMarker).forEach((k, v) -> argv.add(k + "=" + v));
    argv.addAll(request.argv());
    CappedBytes output = new CappedBytes(outputCap);
    try {
      int exit = channel.run(argv, request.stdin() == null ? null : new ByteArrayInputStream(request.stdin()), output, output, request.timeout());
      return new ExecResult(exit, output.text(), false, output.truncated());
    } catch (TimeoutException e) {
      killInside(execMarker);
      return new ExecResult(ExecResult.TIMEOUT_EXIT, output.text(), true, output.truncated());
    } catch (IOException e) {
      return new ExecResult(125, "the " + backend + " sandbox could not run the command: " + e.getMessage(), false, false);
    }
  }

  private Map<String, String> environment(Map<String, String> requestEnv, String execMarker) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", workdir);
    env.put("LANG", "C.UTF-8");
    env.put("TERM", "dumb");
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.putAll(extraEnv());
    env.putAll(requestEnv);
    env.put(ProcessKiller.MARKER_VAR, execMarker);
    return env;
  }

  /** Kills, inside the container, every process whose environment carries {@code execMarker}. */
  private void killInside(String execMarker) {
    String script = "for i in 1 2 3; do for d in /proc/[0-9]*; do "
        + "if tr '\\0' '\\n' < $d/environ 2>/dev/null | grep -qx '" + ProcessKiller.MARKER_VAR + "=" + execMarker + "'; then "
        + "kill -KILL ${d#/proc/} 2>/dev/null; fi; done; done";
    try {
      channel.run(List.of("sh", "-c", script), null, new ByteArrayOutputStream(), new ByteArrayOutputStream(), KILL_TIMEOUT);
    } catch (IOException | TimeoutException e) {
      // the container is going or gone; closing the sandbox removes whatever is left
    }
  }

  @Override
  public void close() {
    if (!markClosed()) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      throw new IllegalStateException("could not remove the " + backend + " sandbox of task " + taskId() + ": " + e.getMessage(), e);
    } finally {
      onClose.run();
    }
  }
}
