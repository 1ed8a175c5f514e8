package io.envbook.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * How a task directory's commands are confined. {@link #NONE} (backend {@code local}) only gives them
 * their own directory, session and environment. {@link #BUBBLEWRAP} runs them under Debian's
 * {@code bwrap}: a read-only view of the system, only the task directory (or the folders of its
 * {@link HostLayout}) writable, a private {@code /tmp}, no network unless the task asks for it, and
 * their own process, IPC and hostname namespaces. Each command has its
 * own process namespace, so what it leaves running in the background ends with it.
 */
public enum Isolation {
  NONE("local") {
    @Override
    List<String> command(Confinement c, String cwd, List<String> argv) {
      return concat(List.of("setsid"), argv);
    }
  },
  BUBBLEWRAP("bubblewrap") {
    @Override
    List<String> command(Confinement c, String cwd, List<String> argv) {
      List<String> cmd = new java.util.ArrayList<>(List.of("setsid", "bwrap", "--unshare-all"));
      if (c.network()) {
        cmd.add("--share-net");
      }
      cmd.addAll(List.of("--die-with-parent", "--new-session"));
      if (c.layout() == null) {
        String dir = c.root().toString();
        cmd.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--bind", dir, dir));
      } else {
        cmd.addAll(c.layout().bwrapMounts(c.root()));
      }
      cmd.addAll(List.of("--chdir", cwd, "bash", "-c", "exec \"$@\"", "bash"));
      return concat(cmd, argv);
    }

    @Override
    void checkAvailable() {
      try {
        Process p = new ProcessBuilder("bwrap", "--version").redirectErrorStream(true).start();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("bubblewrap (bwrap) does not run here: " + new String(p.getInputStream().readAllBytes()).strip());
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException("the bubblewrap sandbox needs bwrap: install it (apt-get install bubblewrap) or use sandbox 'local'");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  };

  private final String backend;

  Isolation(String backend) {
    this.backend = backend;
  }

  public String backend() {
    return backend;
  }

  /**
   * What confines a task directory's commands: the directory, the folders laid over the host
   * ({@code null}: the directory as it is) and whether the network is reachable (bubblewrap only;
   * {@code local} commands always reach it).
   */
  record Confinement(Path root, HostLayout layout, boolean network) {}

  /** The host command that runs {@code argv} in working directory {@code cwd} (as the sandbox names it). */
  abstract List<String> command(Confinement confinement, String cwd, List<String> argv);

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  void checkAvailable() {}

  /** The isolation of a backend name; {@code null} when the name is not a local backend. */
  public static Isolation of(String backend) {
    for (Isolation i : values()) {
      if (i.backend.equals(backend)) {
        return i;
      }
    }
    return null;
  }
}
