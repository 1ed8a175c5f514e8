package io.envbook.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sandbox that is a directory on this machine. Commands run with {@code bash -c} in their own
 * session, with the task directory as working directory and {@code HOME}, a clean environment (no
 * API keys of the host leak in), stdin from {@code /dev/null}, stdout and stderr merged and capped.
 * A command past its timeout is killed with every process it started, even detached ones; processes
 * a command leaves running in the background live on until {@link #close()}, which kills every
 * process the sandbox started and deletes the directory.
 *
 * <p>It keeps the agent's files apart and its processes accounted for; it does not stop a command
 * from reading or writing elsewhere on the machine. Use the {@code bubblewrap} backend for that.
 */
public final class LocalSandbox implements Sandbox {
  private static final int DEFAULT_OUTPUT_CAP = 100_000;
  private final String taskId;
  private final Path root;
  private final Path realRoot;
  private final String marker;
  private final int outputCap;
  private final Map<String, String> extraEnv = new ConcurrentHashMap<>();
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final Set<Long> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong execs = new AtomicLong();
  private final Runnable onClose;
  private final Isolation isolation;

  LocalSandbox(String taskId, Path root, String marker, int outputCap, Isolation isolation, Runnable onClose) throws IOException {
    this.isolation = isolation;
    this.taskId = taskId;
    this.root = Files.createDirectories(root).toAbsolutePath();
    this.realRoot = this.root.toRealPath();
    this.marker = marker;
    this.outputCap = outputCap > 0 ? outputCap : DEFAULT_OUTPUT_CAP;
    this.onClose = onClose;
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public String backend() {
    return isolation.backend();
  }

  @Override
  public ExecResult exec(String command, Duration timeout) {
    checkOpen();
    ProcessBuilder pb = new ProcessBuilder(isolation.command(root, command))
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectInput(new File("/dev/null"));
    String execMarker = marker + "/" + execs.incrementAndGet();
    environment(pb.environment(), execMarker);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new ExecResult(127, "could not start bash: " + e.getMessage(), false, false);
    }
    running.add(p);
    if (isolation == Isolation.NONE) {
      sessions.add(p.pid()); // setsid made the command's pid its session id
    }
    try {
      return CommandRun.await(p, timeout, outputCap, () -> {
        ProcessKiller.killTree(p);
        ProcessKiller.killMarked(execMarker);
      }, () -> ProcessKiller.anyMarked(execMarker));
    } finally {
      running.remove(p);
    }
  }

  private void environment(Map<String, String> env, String execMarker) {
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.clear();
    env.put("PATH", path);
    env.put("HOME", root.toString());
    env.put("PWD", root.toString());
    env.put("LANG", "C.UTF-8");
    env.put("TERM", "dumb");
    env.put("SHELL", "/bin/bash");
    env.put("TMPDIR", root.toString());
    // Agents edit and re-run files within the same second; a bytecode cache keyed on mtime and size
    // would then run the old code.
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.putAll(extraEnv);
    env.put(ProcessKiller.MARKER_VAR, execMarker);
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
    return Files.readString(existing(path), StandardCharsets.UTF_8);
  }

  @Override
  public void writeFile(String path, String content) throws IOException {
    writeBytes(path, content.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] readBytes(String path) throws IOException {
    return Files.readAllBytes(existing(path));
  }

  @Override
  public void writeBytes(String path, byte[] content) throws IOException {
    Path target = resolve(path);
    Files.createDirectories(target.getParent());
    resolve(path); // check again now that the parents exist: one of them may be a link pointing away
    Files.write(target, content);
  }

  private Path existing(String path) throws IOException {
    Path p = resolve(path);
    if (!Files.exists(p)) {
      throw new NoSuchFileException(path);
    }
    return p;
  }

  @Override
  public Path resolve(String path) {
    checkOpen();
    if (path == null || path.isBlank()) {
      throw new SandboxViolation("an empty path was given: name a file in the task directory");
    }
    String p = path.equals("~") ? "." : path.startsWith("~/") ? path.substring(2) : path;
    Path candidate = Path.of(p);
    Path resolved = (candidate.isAbsolute() ? candidate : root.resolve(candidate)).normalize();
    if (!resolved.startsWith(root)) {
      throw outside(path);
    }
    Path existing = resolved;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    try {
      if (existing != null && !existing.toRealPath().startsWith(realRoot)) {
        throw outside(path);
      }
    } catch (IOException e) {
      throw outside(path); // a dangling link pointing away
    }
    return resolved;
  }

  private static SandboxViolation outside(String path) {
    return new SandboxViolation("path `" + path + "` is outside the task directory");
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
    running.forEach(ProcessKiller::killTree);
    ProcessKiller.killSessions(sessions, marker);
    ProcessKiller.killMarked(marker);
    try {
      deleteTree(root);
    } catch (IOException e) {
      throw new IllegalStateException("could not delete sandbox directory " + root + ": " + e.getMessage(), e);
    } finally {
      onClose.run();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        d.toFile().setWritable(true, true);
        d.toFile().setExecutable(true, true);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
