package io.envbook.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The file side of a sandbox that is a directory on this machine: sandbox paths are host paths
 * inside the task directory, or, with a {@link HostLayout}, the layout's folders ({@code /app} is
 * {@code <task dir>/app}); nothing outside can be named, through {@code ..} or through a link
 * pointing away.
 */
final class LocalFiles implements SandboxFiles {
  private final Path root;
  private final Path realRoot;
  private final HostLayout layout;

  LocalFiles(Path root) throws IOException {
    this(root, null);
  }

  /** The files of task directory {@code root}, seen through {@code layout} ({@code null}: as host paths). */
  LocalFiles(Path root, HostLayout layout) throws IOException {
    this.root = Files.createDirectories(root).toAbsolutePath();
    this.realRoot = this.root.toRealPath();
    this.layout = layout;
    if (layout != null) {
      layout.create(this.root);
    }
  }

  /** The host path of the working directory. */
  Path workdir() {
    return layout == null ? root : HostLayout.host(root, layout.workdir());
  }

  /** How a command inside the sandbox names host path {@code host}. */
  String inside(Path host) {
    return layout == null ? host.toString() : HostLayout.sandboxPath(root, host);
  }

  Path root() {
    return root;
  }

  /** The host path of a sandbox path, or {@link SandboxViolation} when it lies outside the task directory. */
  Path host(String path) {
    if (path == null || path.isBlank()) {
      throw new SandboxViolation("an empty path was given: name a file in the task directory");
    }
    Path resolved;
    if (layout != null) {
      String absolute = layout.absolute(path);
      if (layout.folderOf(absolute) == null) {
        throw new SandboxViolation("path `" + path + "` is outside the sandbox's folders " + String.join(", ", layout.folders()));
      }
      resolved = HostLayout.host(root, absolute);
    } else {
      String p = path.equals("~") ? "." : path.startsWith("~/") ? path.substring(2) : path;
      Path candidate = Path.of(p);
      resolved = (candidate.isAbsolute() ? candidate : root.resolve(candidate)).normalize();
    }
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

  @Override
  public byte[] read(String path) throws IOException {
    Path p = host(path);
    if (!Files.exists(p)) {
      throw new NoSuchFileException(path);
    }
    if (Files.isDirectory(p)) {
      throw new IOException(path + " is a folder, not a file");
    }
    return Files.readAllBytes(p);
  }

  @Override
  public void write(String path, byte[] content) throws IOException {
    Path target = createParents(path);
    if (Files.isDirectory(target)) {
      throw new IOException(path + " is a folder, not a file");
    }
    Files.write(target, content);
  }

  private Path createParents(String path) throws IOException {
    Path target = host(path);
    Files.createDirectories(target.getParent());
    host(path); // check again now that the parents exist: one of them may be a link pointing away
    return target;
  }

  @Override
  public List<SandboxFile> list(String path) throws IOException {
    Path dir = host(path);
    if (!Files.exists(dir)) {
      throw new NoSuchFileException(path);
    }
    if (!Files.isDirectory(dir)) {
      throw new NotDirectoryException(path);
    }
    List<SandboxFile> out = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.sorted().toList()) {
        boolean isDir = Files.isDirectory(p);
        out.add(new SandboxFile(p.getFileName().toString(), isDir, isDir || !Files.exists(p) ? 0 : Files.size(p)));
      }
    }
    return out;
  }

  @Override
  public SearchResult search(Pattern pattern, String path, String fileGlob) throws IOException {
    Path base = host(path);
    if (!Files.exists(base)) {
      throw new NoSuchFileException(path);
    }
    TextSearch search = new TextSearch(pattern, fileGlob);
    try (Stream<Path> files = Files.walk(base)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        if (search.full()) {
          break;
        }
        if (search.wants(f.getFileName().toString(), Files.size(f)) && f.toRealPath().startsWith(realRoot)) {
          search.add(shown(f), Files.readAllBytes(f));
        }
      }
    }
    return search.result();
  }

  /** A found file as search results show it: relative to the working directory when inside it. */
  private String shown(Path f) {
    Path wd = workdir();
    return f.startsWith(wd) ? wd.relativize(f).toString() : inside(f);
  }

  @Override
  public void upload(Path local, String path) throws IOException {
    if (!Files.exists(local)) {
      throw new NoSuchFileException(local.toString(), null, "no such host file");
    }
    if (!Files.isDirectory(local)) {
      Path target = createParents(path);
      Files.copy(local, target, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> tree = Files.walk(local)) {
      for (Path from : tree.sorted().toList()) {
        String to = from.equals(local) ? path : path + "/" + local.relativize(from);
        if (Files.isDirectory(from)) {
          Files.createDirectories(host(to));
          host(to);
        } else if (Files.isRegularFile(from)) {
          Files.copy(from, createParents(to), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Copies out regular files and folders only: a link the agent made cannot carry a host file out. */
  @Override
  public void download(String path, Path local) throws IOException {
    Path source = host(path);
    if (!Files.exists(source)) {
      throw new NoSuchFileException(path);
    }
    if (!Files.isDirectory(source)) {
      io.envbook.util.FilePaths.createParents(local);
      Files.copy(source, local, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> tree = Files.walk(source)) {
      for (Path from : tree.sorted().toList()) {
        Path to = local.resolve(source.relativize(from).toString());
        if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(to);
        } else if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
