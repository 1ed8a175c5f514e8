package io.envbook.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sandbox that is a directory on this machine. Commands run in their own session, with the task
 * directory as working directory and {@code HOME}, a clean environment (no API keys of the host leak
 * in), stdout and stderr merged and capped. A command past its timeout is killed with every process
 * it started, even detached ones; processes a command leaves running in the background live on until
 * {@link #close()}, which kills every process the sandbox started and deletes the directory. Sandbox
 * paths are host paths inside the task directory and {@link #workdir()} is its host path; or, on
 * {@code bubblewrap} with a {@link HostLayout}, the layout's folders ({@code /app} and so on), each a
 * folder of the task directory bound to its path.
 *
 * <p>It keeps the agent's files apart and its processes accounted for; it does not stop a command
 * from reading or writing elsewhere on the machine. Use the {@code bubblewrap} backend for that.
 */
public final class LocalSandbox extends BaseSandbox {
  private static final int DEFAULT_OUTPUT_CAP = 100_000;
  private final LocalFiles files;
  private final Path root;
  private final String marker;
  private final int outputCap;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final Set<Long> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong execs = new AtomicLong();
  private final Runnable onClose;
  private final Isolation isolation;
  private final boolean network;
  private final HostLayout layout;

  LocalSandbox(String taskId, Path root, String marker, int outputCap, Isolation isolation, Runnable onClose) throws IOException {
    this(taskId, root, null, false, marker, outputCap, isolation, onClose);
  }

  /** A sandbox whose commands see {@code layout}'s folders (bubblewrap only) and, when {@code network}, the network. */
  LocalSandbox(String taskId, Path root, HostLayout layout, boolean network, String marker, int outputCap, Isolation isolation,
      Runnable onClose) throws IOException {
    this(taskId, new LocalFiles(root, layout), layout, network, marker, outputCap, isolation, onClose);
  }

  private LocalSandbox(String taskId, LocalFiles files, HostLayout layout, boolean network, String marker, int outputCap,
      Isolation isolation, Runnable onClose) {
    super(taskId, files);
    this.layout = layout;
    this.isolation = isolation;
    this.files = files;
    this.root = files.root();
    this.marker = marker;
    this.outputCap = outputCap > 0 ? outputCap : DEFAULT_OUTPUT_CAP;
    this.network = network;
    this.onClose = onClose;
  }

  @Override
  public String workdir() {
    return layout == null ? root.toString() : layout.workdir();
  }

  /** The task directory on this machine. */
  public Path directory() {
    return root;
  }

  @Override
  public String backend() {
    return isolation.backend();
  }

  @Override
  public ExecResult exec(ExecRequest request) {
    checkOpen();
    Path cwd = request.cwd() == null ? files.workdir() : files.host(request.cwd());
    if (!Files.isDirectory(cwd)) {
      return new ExecResult(1, "no such folder: " + request.cwd() + "\n", false, false);
    }
    ProcessBuilder pb = new ProcessBuilder(isolation.command(new Isolation.Confinement(root, layout, network), files.inside(cwd),
        request.argv()))
        .directory(cwd.toFile())
        .redirectErrorStream(true);
    if (request.stdin() == null) {
      pb.redirectInput(new File("/dev/null"));
    }
    String execMarker = marker + "/" + execs.incrementAndGet();
    environment(pb.environment(), cwd, request.env(), execMarker);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new ExecResult(127, "could not start " + request.argv().getFirst() + ": " + e.getMessage(), false, false);
    }
    running.add(p);
    if (isolation == Isolation.NONE) {
      sessions.add(p.pid()); // setsid made the command's pid its session id
    }
    if (request.stdin() != null) {
      feed(p.getOutputStream(), request.stdin());
    }
    try {
      return CommandRun.await(p, request.timeout(), outputCap, () -> {
        ProcessKiller.killTree(p);
        ProcessKiller.killMarked(execMarker);
      }, () -> ProcessKiller.anyMarked(execMarker));
    } finally {
      running.remove(p);
    }
  }

  private static void feed(OutputStream in, byte[] bytes) {
    Thread.ofVirtual().name("sandbox-stdin").start(() -> {
      try (in) {
        in.write(bytes);
      } catch (IOException e) {
        // the command stopped reading: what it did not take is dropped
      }
    });
  }

  private void environment(Map<String, String> env, Path cwd, Map<String, String> requestEnv, String execMarker) {
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.clear();
    env.put("PATH", path);
    env.put("HOME", workdir());
    env.put("PWD", files.inside(cwd));
    env.put("LANG", "C.UTF-8");
    env.put("TERM", "dumb");
    env.put("SHELL", "/bin/bash");
    env.put("TMPDIR", layout == null ? root.toString() : "/tmp");
    // Agents edit and re-run files within the same second; a bytecode cache keyed on mtime and size
    // would then run the old code.
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.putAll(extraEnv());
    env.putAll(requestEnv);
    env.put(ProcessKiller.MARKER_VAR, execMarker);
  }

  @Override
  public void close() {
    if (!markClosed()) {
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
