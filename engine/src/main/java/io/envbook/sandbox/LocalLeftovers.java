package io.envbook.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What runs of the {@code local} and {@code bubblewrap} backends leave when they are killed before
 * they can clean up (SIGKILL, a crash): processes a command left in the background (their
 * environment carries the sandbox's marker, which names the run's pid) and the run's temporary
 * folder of task directories ({@code envbook-sandboxes-<pid>-...}). Only leftovers of runs whose
 * process is gone are touched.
 */
final class LocalLeftovers {
  /** The prefix of a run's temporary folder; the run's pid follows. */
  static final String BASE_PREFIX = "envbook-sandboxes-";
  private static final Pattern MARKER = Pattern.compile(ProcessKiller.MARKER_VAR + "=envbook-[0-9a-f]+-(\\d+)(/\\d+)?");
  private static final Pattern BASE = Pattern.compile(Pattern.quote(BASE_PREFIX) + "(\\d+)-.*");

  private LocalLeftovers() {}

  /** Kills the leftover processes and deletes the leftover folders under {@code tmp}; returns how many task directories went. */
  static int prune(Path tmp) {
    killOrphans();
    int removed = 0;
    try (DirectoryStream<Path> bases = Files.newDirectoryStream(tmp, BASE_PREFIX + "*")) {
      for (Path base : bases) {
        Matcher m = BASE.matcher(base.getFileName().toString());
        if (m.matches() && !alive(Long.parseLong(m.group(1))) && Files.isDirectory(base)) {
          try (Stream<Path> tasks = Files.list(base)) {
            removed += (int) tasks.count();
          }
          LocalSandbox.deleteTree(base);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove the sandboxes left in " + tmp + ": " + e.getMessage(), e);
    }
    return removed;
  }

  /** Kills every process whose sandbox marker names a run that is gone. */
  private static void killOrphans() {
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path p : procs) {
        try {
          String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
          for (String var : env.split("\0")) {
            Matcher m = MARKER.matcher(var);
            if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
              ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
            }
          }
        } catch (IOException | SecurityException e) {
          // gone already, or not ours to read
        }
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      // no /proc: only the folders can be found
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
