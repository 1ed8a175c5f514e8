package io.envbook.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The file side of a {@link ContainerSandbox}: every operation is one small {@code sh} script run
 * through the {@link CommandChannel}, with the path as its argument (never spliced into the script),
 * and folders travel as tar streams ({@link Tars}). Exit codes 20, 21 and 22 mean "missing", "a
 * folder" and "not a folder".
 */
final class ContainerFiles implements SandboxFiles {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final int MISSING = 20;
  private static final int A_FOLDER = 21;
  private static final int NOT_A_FOLDER = 22;

  private static final String READ = "[ -e \"$1\" ] || exit 20; [ -d \"$1\" ] && exit 21; exec cat -- \"$1\"";
  private static final String WRITE = "[ -d \"$1\" ] && exit 21; mkdir -p -- \"$(dirname -- \"$1\")\" && exec cat > \"$1\"";
  private static final String LIST = "[ -e \"$1\" ] || exit 20; [ -d \"$1\" ] || exit 22; cd -- \"$1\" || exit 1; "
      + "for f in * .*; do case \"$f\" in .|..) continue;; esac; "
      + "if [ -d \"$f\" ]; then printf 'd 0 %s\\0' \"$f\"; "
      + "elif [ -e \"$f\" ]; then printf 'f %s %s\\0' \"$(wc -c < \"$f\")\" \"$f\"; "
      + "elif [ -L \"$f\" ]; then printf 'f 0 %s\\0' \"$f\"; fi; done";
  private static final String SEARCH = "[ -e \"$1\" ] || exit 20; "
      + "if [ -d \"$1\" ]; then printf D; cd -- \"$1\" && find . -type f -size -" + (TextSearch.MAX_FILE_BYTES / 1000 + 1) + "k -print0 "
      + "| LC_ALL=C sort -z | tar -cf - --null --no-recursion -T -; "
      + "else printf F; cd -- \"$(dirname -- \"$1\")\" && exec tar -cf - -- \"$(basename -- \"$1\")\"; fi";
  private static final String UPLOAD = "mkdir -p -- \"$1\" && cd -- \"$1\" && exec tar -xf - --no-same-owner";
  private static final String DOWNLOAD = "if [ -d \"$1\" ]; then printf D; cd -- \"$1\" && exec tar -cf - .; "
      + "elif [ -e \"$1\" ]; then printf F; exec cat -- \"$1\"; else exit 20; fi";

  private final CommandChannel channel;
  private final String workdir;

  ContainerFiles(CommandChannel channel, String workdir) {
    this.channel = channel;
    this.workdir = workdir;
  }

  /** A sandbox path as an absolute path in the container. */
  String absolute(String path) {
    if (path == null || path.isBlank()) {
      throw new SandboxViolation("an empty path was given: name a file in the sandbox");
    }
    String p = path.equals("~") ? "." : path.startsWith("~/") ? path.substring(2) : path;
    return (p.startsWith("/") ? Path.of(p) : Path.of(workdir).resolve(p)).normalize().toString();
  }

  @Override
  public byte[] read(String path) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    check(path, run(READ, path, null, out));
    return out.toByteArray();
  }

  @Override
  public void write(String path, byte[] content) throws IOException {
    write(path, new java.io.ByteArrayInputStream(content));
  }

  private void write(String path, InputStream content) throws IOException {
    check(path, run(WRITE, path, content, OutputStream.nullOutputStream()));
  }

  @Override
  public List<SandboxFile> list(String path) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    check(path, run(LIST, path, null, out));
    List<SandboxFile> entries = new ArrayList<>();
    for (String record : out.toString(StandardCharsets.UTF_8).split("\0")) {
      if (record.isEmpty()) {
        continue;
      }
      String[] parts = record.split(" ", 3);
      entries.add(new SandboxFile(parts[2], parts[0].equals("d"), Long.parseLong(parts[1].strip())));
    }
    entries.sort(Comparator.comparing(SandboxFile::name));
    return entries;
  }

  @Override
  public SearchResult search(Pattern pattern, String path, String fileGlob) throws IOException {
    String base = absolute(path);
    Path tar = Files.createTempFile("envbook-search-", ".tar");
    try {
      try (OutputStream out = Files.newOutputStream(tar)) {
        check(path, run(SEARCH, path, null, out));
      }
      TextSearch search = new TextSearch(pattern, fileGlob);
      try (InputStream in = Files.newInputStream(tar)) {
        String dir = in.read() == 'D' ? base : Path.of(base).getParent().toString();
        Tars.search(in, dir, workdir, search);
      }
      return search.result();
    } finally {
      Files.deleteIfExists(tar);
    }
  }

  @Override
  public void upload(Path local, String path) throws IOException {
    if (!Files.exists(local)) {
      throw new NoSuchFileException(local.toString(), null, "no such host file");
    }
    if (!Files.isDirectory(local)) {
      try (InputStream in = Files.newInputStream(local)) {
        write(path, in);
      }
      return;
    }
    Path tar = Files.createTempFile("envbook-upload-", ".tar");
    try {
      try (OutputStream out = Files.newOutputStream(tar)) {
        Tars.write(local, out);
      }
      try (InputStream in = Files.newInputStream(tar)) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = run(UPLOAD, path, in, OutputStream.nullOutputStream(), err);
        if (exit != 0) {
          throw new IOException("could not unpack into " + path + ": " + err.toString(StandardCharsets.UTF_8).strip());
        }
      }
    } finally {
      Files.deleteIfExists(tar);
    }
  }

  @Override
  public void download(String path, Path local) throws IOException {
    Path data = Files.createTempFile("envbook-download-", ".bin");
    try {
      try (OutputStream out = Files.newOutputStream(data)) {
        check(path, run(DOWNLOAD, path, null, out));
      }
      try (InputStream in = Files.newInputStream(data)) {
        int kind = in.read();
        if (kind == 'D') {
          Tars.extract(in, local);
        } else {
          io.envbook.util.FilePaths.createParents(local);
          Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      Files.deleteIfExists(data);
    }
  }

  private record Exit(int code, String stderr) {}

  private Exit run(String script, String path, InputStream stdin, OutputStream stdout) throws IOException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(script, path, stdin, stdout, err);
    return new Exit(code, err.toString(StandardCharsets.UTF_8).strip());
  }

  private int run(String script, String path, InputStream stdin, OutputStream stdout, OutputStream stderr) throws IOException {
    try {
      return channel.run(List.of("sh", "-c", script, "sh", absolute(path)), stdin, stdout, stderr, TIMEOUT);
    } catch (TimeoutException e) {
      throw new IOException("the sandbox did not finish with " + path + " within " + TIMEOUT.toMinutes() + " minutes");
    }
  }

  private static void check(String path, Exit exit) throws IOException {
    switch (exit.code()) {
      case 0 -> {}
      case MISSING -> throw new NoSuchFileException(path);
      case A_FOLDER -> throw new IOException(path + " is a folder, not a file");
      case NOT_A_FOLDER -> throw new NotDirectoryException(path);
      default -> throw new IOException("could not reach " + path + " in the sandbox: "
          + (exit.stderr().isEmpty() ? "exit code " + exit.code() : exit.stderr()));
    }
  }
}
