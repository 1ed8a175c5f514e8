package io.envbook.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates {@link LocalSandbox}es, one directory per task under a base directory (by default a fresh
 * temporary directory, removed on {@link #close()}).
 *
 * <pre>{@code
 * try (SandboxProvider sandboxes = new LocalSandboxProvider();
 *      Sandbox sb = sandboxes.create("task-1")) {
 *   sb.exec("echo hi > greeting.txt", Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class LocalSandboxProvider implements SandboxProvider {
  private final Path base;
  private final boolean ownsBase;
  private final int outputCap;
  private final Isolation isolation;
  private final Set<LocalSandbox> open = ConcurrentHashMap.newKeySet();

  /** Sandboxes under a new temporary directory, output capped at 100,000 characters per command. */
  public LocalSandboxProvider() {
    this(null, 100_000);
  }

  /** Sandboxes under {@code base} (created if needed; {@code null} for a temporary one). */
  public LocalSandboxProvider(Path base, int outputCap) {
    this(base, outputCap, Isolation.NONE);
  }

  /** Sandboxes with the given isolation: {@link Isolation#NONE} (backend {@code local}) or {@link Isolation#BUBBLEWRAP}. */
  public LocalSandboxProvider(Path base, int outputCap, Isolation isolation) {
    this.isolation = isolation;
    isolation.checkAvailable();
    try {
      this.ownsBase = base == null;
      this.base = base == null ? Files.createTempDirectory(LocalLeftovers.BASE_PREFIX + ProcessHandle.current().pid() + "-") : Files.createDirectories(base);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the sandbox directory: " + e.getMessage(), e);
    }
    this.outputCap = outputCap;
  }

  /**
   * A fresh task directory. The spec's image and resources do not apply to these backends; its
   * network and folders do on {@code bubblewrap} (folders are bound over the host system), while
   * {@code local} cannot lay folders out and refuses a spec that has some.
   */
  @Override
  public Sandbox create(String taskId, SandboxSpec spec) {
    HostLayout layout = layout(spec);
    String suffix = HexFormat.of().formatHex(randomBytes());
    String dirName = taskId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + suffix;
    try {
      LocalSandbox[] holder = new LocalSandbox[1];
      LocalSandbox sb = new LocalSandbox(taskId, base.resolve(dirName), layout, spec.network(),
          "envbook-" + suffix + "-" + ProcessHandle.current().pid(), outputCap, isolation, () -> open.remove(holder[0]));
      holder[0] = sb;
      open.add(sb);
      return sb;
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a sandbox for task " + taskId + ": " + e.getMessage(), e);
    }
  }

  private HostLayout layout(SandboxSpec spec) {
    if (spec.folders().isEmpty()) {
      return null;
    }
    if (isolation == Isolation.NONE) {
      throw new IllegalStateException("the local backend cannot lay out " + String.join(", ", spec.folders())
          + ": its commands see this machine as it is; use sandbox 'bubblewrap' (or 'docker')");
    }
    return HostLayout.of(spec.workdir(), spec.folders());
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  /** The directory holding the task directories. */
  public Path base() {
    return base;
  }

  @Override
  public String name() {
    return isolation.backend();
  }

  /**
   * Removes what killed runs of this backend left in the temporary folder: their task directories,
   * and on {@code local} the background processes their commands left running (a {@code bubblewrap}
   * command's processes end with it). Runs still going are left alone.
   */
  @Override
  public int prune() {
    return LocalLeftovers.prune(Path.of(System.getProperty("java.io.tmpdir")));
  }

  @Override
  public void close() {
    for (LocalSandbox sb : Set.copyOf(open)) {
      sb.close();
    }
    if (ownsBase) {
      try {
        LocalSandbox.deleteTree(base);
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete " + base + ": " + e.getMessage(), e);
      }
    }
  }
}
