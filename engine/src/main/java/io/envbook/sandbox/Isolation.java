package io.envbook.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * How a task directory's commands are confined. {@link #NONE} (backend {@code local}) only gives them
 * their own directory, session and environment. {@link #BUBBLEWRAP} runs them under Debian's
 * {@code bwrap}: a read-only view of the system, only the task directory writable, a private
 * {@code /tmp}, no network, and their own process, IPC and hostname namespaces.
 */
public enum Isolation {
  NONE("local") {
    @Override
    List<String> command(Path root, String command) {
      return List.of("setsid", "bash", "-c", command);
    }
  },
  BUBBLEWRAP("bubblewrap") {
    @Override
    List<String> command(Path root, String command) {
      String dir = root.toString();
      return List.of("setsid", "bwrap", "--unshare-all", "--die-with-parent", "--new-session",
          "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
          "--bind", dir, dir, "--chdir", dir, "bash", "-c", command);
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

  abstract List<String> command(Path root, String command);

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
