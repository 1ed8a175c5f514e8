package io.envbook.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How a task directory on this machine stands in for the folders a task asks for ({@code /app},
 * {@code /tests}, {@code /logs}): sandbox folder {@code /x/y} is host folder {@code <task dir>/x/y},
 * bound to {@code /x/y} under bubblewrap over a read-only view of the host system. A sandbox path
 * outside those folders names nothing the sandbox may touch.
 *
 * <pre>{@code
 * HostLayout layout = HostLayout.of("/app", List.of("/app", "/tests", "/logs"));
 * layout.host(root, "/tests/test.sh");   // root/tests/test.sh
 * }</pre>
 */
final class HostLayout {
  /** Host folders the layout may not hide: the system the sandbox runs on. */
  private static final Set<String> SYSTEM = Set.of("bin", "boot", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "run", "sbin",
      "sys", "usr", "var");

  private final String workdir;
  private final List<String> folders;

  private HostLayout(String workdir, List<String> folders) {
    this.workdir = workdir;
    this.folders = folders;
  }

  /**
   * The layout of {@code folders} with {@code workdir} (one of them, or inside one), or
   * {@link IllegalArgumentException} saying what cannot be laid over the host system.
   */
  static HostLayout of(String workdir, List<String> folders) {
    List<String> given = folders.stream().map(HostLayout::normalize).distinct().toList();
    for (String f : given) {
      String top = f.substring(1).split("/")[0];
      if (SYSTEM.contains(top)) {
        throw new IllegalArgumentException("sandbox folder " + f + " would hide the host system's /" + top
            + " on this backend: use folders outside it, such as /app");
      }
    }
    String wd = normalize(workdir == null ? given.getFirst() : workdir);
    HostLayout layout = new HostLayout(wd, given);
    if (layout.folderOf(wd) == null) {
      throw new IllegalArgumentException("the working directory " + wd + " is not inside the sandbox's folders " + given);
    }
    return layout;
  }

  String workdir() {
    return workdir;
  }

  List<String> folders() {
    return folders;
  }

  /** The absolute sandbox path of {@code path}: relative paths start at the working directory, {@code ~} is it. */
  String absolute(String path) {
    String p = path.equals("~") ? workdir : path.startsWith("~/") ? workdir + path.substring(1) : path;
    return normalize(p.startsWith("/") ? p : workdir + "/" + p);
  }

  /** The folder holding sandbox path {@code absolute}, or {@code null}. */
  String folderOf(String absolute) {
    String found = null;
    for (String f : folders) {
      if (absolute.equals(f) || absolute.startsWith(f + "/")) {
        found = f;
      }
    }
    return found;
  }

  /** The host path of absolute sandbox path {@code absolute} in task directory {@code root}. */
  static Path host(Path root, String absolute) {
    return absolute.equals("/") ? root : root.resolve(absolute.substring(1));
  }

  /** The sandbox path of host path {@code host} in task directory {@code root}. */
  static String sandboxPath(Path root, Path host) {
    return "/" + root.relativize(host);
  }

  /** Makes each folder in task directory {@code root}. */
  void create(Path root) throws IOException {
    for (String f : folders) {
      Files.createDirectories(host(root, f));
    }
  }

  /**
   * The bwrap arguments that build the sandbox's file system: the host's top-level entries read-only
   * (but those the folders replace), {@code /dev}, {@code /proc}, a private {@code /tmp} unless it is
   * a folder, each folder bound read-write to its host folder, then the rest of the root read-only.
   */
  List<String> bwrapMounts(Path root) {
    Set<String> replaced = new java.util.HashSet<>(Set.of("dev", "proc", "tmp"));
    folders.forEach(f -> replaced.add(f.substring(1).split("/")[0]));
    List<String> args = new ArrayList<>();
    try (Stream<Path> top = Files.list(Path.of("/"))) {
      for (Path entry : top.sorted().toList()) {
        String name = entry.getFileName().toString();
        if (replaced.contains(name)) {
          continue;
        }
        if (Files.isSymbolicLink(entry)) {
          args.addAll(List.of("--symlink", Files.readSymbolicLink(entry).toString(), entry.toString()));
        } else {
          args.addAll(List.of("--ro-bind", entry.toString(), entry.toString()));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not list the host's root folder: " + e.getMessage(), e);
    }
    args.addAll(List.of("--dev", "/dev", "--proc", "/proc"));
    if (!folders.contains("/tmp")) {
      args.addAll(List.of("--tmpfs", "/tmp"));
    }
    for (String f : folders.stream().sorted(Comparator.comparingInt(String::length)).toList()) { // a folder before those inside it
      args.addAll(List.of("--bind", host(root, f).toString(), f));
    }
    args.addAll(List.of("--remount-ro", "/"));
    return args;
  }

  private static String normalize(String path) {
    String n = Path.of(path).normalize().toString();
    return n.isEmpty() ? "/" : n;
  }
}
