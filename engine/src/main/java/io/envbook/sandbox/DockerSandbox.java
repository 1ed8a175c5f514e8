package io.envbook.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sandbox that is a container: started from an image with {@code sleep infinity}, without network,
 * with the task directory (a host directory) mounted at {@link #WORKDIR}, which is every command's
 * working directory and {@code HOME}. Commands run through {@code docker exec}; one past its timeout
 * is killed inside the container with everything it started (found by its marker variable).
 * {@link #close()} removes the container and the task directory.
 *
 * <p>File methods work on the host side of the mount, so paths are confined exactly as in
 * {@link LocalSandbox}; {@code /workspace/...} names the same file as a relative path.
 */
public final class DockerSandbox implements Sandbox {
  /** Where the task directory appears inside the container. */
  public static final String WORKDIR = "/workspace";

  private final String taskId;
  private final String container;
  private final LocalSandbox files;
  private final Map<String, String> extraEnv = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong execs = new AtomicLong();
  private final Runnable onClose;

  private DockerSandbox(String taskId, String container, LocalSandbox files, Runnable onClose) {
    this.taskId = taskId;
    this.container = container;
    this.files = files;
    this.onClose = onClose;
  }

  static DockerSandbox start(String taskId, String container, String image, Path hostDir, Runnable onClose) throws IOException {
    LocalSandbox files = new LocalSandbox(taskId, hostDir, container, 1, Isolation.NONE, () -> {});
    List<String> run = List.of("docker", "run", "-d", "--rm", "--name", container, "--network", "none",
        "--label", "envbook.task=" + taskId, "-v", hostDir.toAbsolutePath() + ":" + WORKDIR, "-w", WORKDIR,
        "--entrypoint", "sleep", image, "infinity");
    Result r = docker(run, Duration.ofMinutes(10));
    if (r.exit != 0) {
      files.close();
      throw new IOException("`docker run` of image " + image + " failed: " + r.output.strip());
    }
    return new DockerSandbox(taskId, container, files, onClose);
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public Path root() {
    return files.root();
  }

  @Override
  public String backend() {
    return "docker";
  }

  /** The container's name. */
  public String container() {
    return container;
  }

  @Override
  public ExecResult exec(String command, Duration timeout) {
    checkOpen();
    String marker = container + "/" + execs.incrementAndGet();
    List<String> cmd = new ArrayList<>(List.of("docker", "exec", "-w", WORKDIR,
        "-e", "HOME=" + WORKDIR, "-e", "TERM=dumb", "-e", "PYTHONDONTWRITEBYTECODE=1"));
    extraEnv.forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
    cmd.addAll(List.of("-e", ProcessKiller.MARKER_VAR + "=" + marker, container, "bash", "-c", command));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
    } catch (IOException e) {
      return new ExecResult(127, "could not run docker: " + e.getMessage(), false, false);
    }
    Process started = p;
    // the docker client is the only writer of its output: what the command leaves running stays in the container
    return CommandRun.await(p, timeout, 100_000, () -> {
      killInside(marker);
      started.destroyForcibly();
    }, () -> false);
  }

  /** Kills, inside the container, every process whose environment carries {@code marker}. */
  private void killInside(String marker) {
    String script = "for i in 1 2 3; do for d in /proc/[0-9]*; do "
        + "if tr '\\0' '\\n' < $d/environ 2>/dev/null | grep -qx '" + ProcessKiller.MARKER_VAR + "=" + marker + "'; then "
        + "kill -KILL ${d#/proc/} 2>/dev/null; fi; done; done";
    docker(List.of("docker", "exec", container, "sh", "-c", script), Duration.ofSeconds(30));
  }

  @Override
  public void putEnv(String name, String value) {
    checkOpen();
    if (name.equals(ProcessKiller.MARKER_VAR)) {
      throw new IllegalArgumentException(name + " is the sandbox's own marker and cannot be set");
    }
    extraEnv.put(name, value);
  }

  @Override
  public String readFile(String path) throws IOException {
    return files.readFile(inside(path));
  }

  @Override
  public void writeFile(String path, String content) throws IOException {
    files.writeFile(inside(path), content);
  }

  @Override
  public byte[] readBytes(String path) throws IOException {
    return files.readBytes(inside(path));
  }

  @Override
  public void writeBytes(String path, byte[] content) throws IOException {
    files.writeBytes(inside(path), content);
  }

  @Override
  public Path resolve(String path) {
    return files.resolve(inside(path));
  }

  /** A container path under {@link #WORKDIR} as a path relative to the task directory. */
  private static String inside(String path) {
    if (path != null && (path.equals(WORKDIR) || path.startsWith(WORKDIR + "/"))) {
      String rest = path.substring(WORKDIR.length());
      return rest.isEmpty() ? "." : rest.substring(1);
    }
    return path;
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("sandbox " + taskId + " is closed");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      // Files the container's root wrote must stay deletable from the host.
      docker(List.of("docker", "exec", container, "chmod", "-R", "a+rwX", WORKDIR), Duration.ofSeconds(60));
      Result rm = docker(List.of("docker", "rm", "-f", container), Duration.ofSeconds(60));
      if (rm.exit != 0 && !rm.output.contains("No such container")) {
        throw new IllegalStateException("could not remove container " + container + ": " + rm.output.strip());
      }
      files.close();
    } finally {
      onClose.run();
    }
  }

  private record Result(int exit, String output) {}

  private static Result docker(List<String> command, Duration timeout) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
      CappedOutput out = new CappedOutput(p.getInputStream(), 20_000);
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "`" + String.join(" ", command.subList(0, 2)) + "` did not finish within " + timeout.toSeconds() + " s");
      }
      return new Result(p.exitValue(), out.await(10_000, () -> false));
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

}
