package io.envbook.harbor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Where {@link HarborTask}s come from: a task directory (it holds {@code instruction.md}), a folder
 * of task directories (a dataset as Harbor and TerminalBench 2 publish it on GitHub), or dataset rows
 * as the Hugging Face copies publish them (TB2's {@code NousResearch/terminal-bench-2}:
 * {@code task_name}, {@code instruction}, {@code docker_image}, base64 tar.gz {@code environment_tar}
 * and {@code tests_tar}, {@code test_sh}; optionally {@code solution_sh} or {@code solution_tar},
 * {@code category}, {@code difficulty}, and timeouts as {@code agent_timeout_sec} / {@code task_timeout}
 * and {@code verifier_timeout_sec} / {@code test_timeout}). A row's archives are unpacked once into a
 * cache folder named by their content ({@code ~/.cache/envbook/tasks}, or system property
 * {@code envbook.task.cache}), refusing members that are links or would land outside it.
 *
 * <pre>{@code
 * List<HarborTask> tasks = HarborTasks.load(Path.of("examples/harbor"));
 * }</pre>
 */
public final class HarborTasks {
  private HarborTasks() {}

  /** Whether {@code path} is a task directory or a folder of them (and not a dataset file). */
  public static boolean isTaskFolder(Path path) {
    return Files.isDirectory(path) && (isTask(path) || !taskDirs(path).isEmpty());
  }

  /** The task of a task directory, or the tasks of a folder of them, sorted by directory name. */
  public static List<HarborTask> load(Path path) {
    if (isTask(path)) {
      return List.of(TaskToml.read(path));
    }
    List<Path> dirs = taskDirs(path);
    if (dirs.isEmpty()) {
      throw new TaskFormatException(path + " is neither a task directory (one holding instruction.md and task.toml) nor a folder of them");
    }
    return dirs.stream().map(TaskToml::read).toList();
  }

  /** The task a dataset row describes, its archives unpacked under the default cache folder. */
  public static HarborTask fromRow(Map<String, ?> row) {
    String dir = System.getProperty("envbook.task.cache");
    return fromRow(row, dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "envbook", "tasks"));
  }

  /** The task a dataset row describes, its archives unpacked under {@code cache}. */
  public static HarborTask fromRow(Map<String, ?> row, Path cache) {
    String name = text(row, "task_name", text(row, "id", null));
    String instruction = text(row, "instruction", null);
    if (name == null || instruction == null) {
      throw new TaskFormatException("a task row needs task_name and instruction; this one has " + String.join(", ", row.keySet()));
    }
    Path dir = materialize(row, name, cache);
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (String key : List.of("category", "difficulty", "tags")) {
      if (row.get(key) != null) {
        metadata.put(key, row.get(key));
      }
    }
    return new HarborTask(name, instruction, metadata, seconds(row, "agent_timeout_sec", "task_timeout"),
        seconds(row, "verifier_timeout_sec", "test_timeout"),
        buildTimeout(row), text(row, "docker_image", null), (int) number(row, "cpus", 1),
        (int) number(row, "memory_mb", 2048), (int) number(row, "storage_mb", 10240), !"false".equals(text(row, "allow_internet", "true")),
        Map.of(), Map.of(), Map.of(), folder(dir, "environment"), folder(dir, "tests"), folder(dir, "solution"));
  }

  private static boolean isTask(Path dir) {
    return Files.isRegularFile(dir.resolve("instruction.md"));
  }

  private static List<Path> taskDirs(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(HarborTasks::isTask).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Unpacks a row's archives and scripts into {@code cache/<name>-<hash>}, once. */
  private static Path materialize(Map<String, ?> row, String name, Path cache) {
    List<String> parts = new ArrayList<>();
    for (String key : List.of("environment_tar", "tests_tar", "test_sh", "solution_tar", "solution_sh")) {
      parts.add(key + "=" + text(row, key, ""));
    }
    Path dir = cache.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + hash(String.join("\0", parts)));
    if (Files.isDirectory(dir)) {
      return dir;
    }
    try {
      Files.createDirectories(cache);
      Path partial = Files.createTempDirectory(cache, ".unpacking-");
      unpack(row, "environment_tar", partial.resolve("environment"));
      unpack(row, "tests_tar", partial.resolve("tests"));
      unpack(row, "solution_tar", partial.resolve("solution"));
      script(row, "test_sh", partial.resolve("tests/test.sh"));
      script(row, "solution_sh", partial.resolve("solution/solve.sh"));
      try {
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!Files.isDirectory(dir)) {
          throw raced;
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack task " + name + " into " + cache + ": " + e.getMessage(), e);
    }
  }

  private static void script(Map<String, ?> row, String key, Path to) throws IOException {
    String text = text(row, key, null);
    if (text != null) {
      Files.createDirectories(to.getParent());
      Files.writeString(to, text);
      to.toFile().setExecutable(true);
    }
  }

  private static void unpack(Map<String, ?> row, String key, Path into) throws IOException {
    String b64 = text(row, key, null);
    if (b64 == null) {
      return;
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new TaskFormatException("the " + key + " of task " + text(row, "task_name", "?") + " is not base64: " + e.getMessage());
    }
    Files.createDirectories(into);
    Path target = into.toAbsolutePath().normalize();
    try (InputStream raw = new ByteArrayInputStream(bytes);
         TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        Path to = target.resolve(e.getName()).normalize();
        if (e.getName().startsWith("/") || !to.startsWith(target) || e.isSymbolicLink() || e.isLink()) {
          throw new TaskFormatException("the " + key + " of task " + text(row, "task_name", "?") + " holds `" + e.getName()
              + "`, an absolute path, a path leaving the archive or a link: such archives are refused");
        }
        if (e.isDirectory()) {
          Files.createDirectories(to);
        } else if (e.isFile()) {
          Files.createDirectories(to.getParent());
          Files.copy(tar, to, StandardCopyOption.REPLACE_EXISTING);
          if ((e.getMode() & 0100) != 0) {
            to.toFile().setExecutable(true);
          }
        }
      }
    }
  }

  private static Path folder(Path dir, String name) {
    Path f = dir.resolve(name);
    return Files.isDirectory(f) ? f : null;
  }

  private static String text(Map<String, ?> row, String key, String fallback) {
    Object v = row.get(key);
    return v == null || v.toString().isBlank() ? fallback : v.toString();
  }

  private static double number(Map<String, ?> row, String key, double fallback) {
    Object v = row.get(key);
    try {
      return v == null || v.toString().isBlank() ? fallback : Double.parseDouble(v.toString());
    } catch (NumberFormatException e) {
      throw new TaskFormatException("the " + key + " of task " + text(row, "task_name", "?") + " must be a number, not `" + v + "`");
    }
  }

  private static Duration seconds(Map<String, ?> row, String key, String olderKey) {
    double s = number(row, key, number(row, olderKey, -1));
    return s < 0 ? null : Duration.ofMillis(Math.round(s * 1000));
  }

  /** The row's {@code build_timeout_sec}, else Harbor's default. */
  private static Duration buildTimeout(Map<String, ?> row) {
    double s = number(row, "build_timeout_sec", HarborTask.DEFAULT_BUILD_TIMEOUT.toSeconds());
    if (s <= 0) {
      throw new TaskFormatException("the build_timeout_sec of task " + text(row, "task_name", "?") + " must be positive, not " + s);
    }
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
