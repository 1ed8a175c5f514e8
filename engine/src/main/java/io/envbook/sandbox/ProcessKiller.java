package io.envbook.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and kills every process a sandbox started, however it detached itself: each command runs in
 * its own session (so its process group can be killed at once), its descendants are killed, and, as
 * the last net, every process whose environment carries the sandbox's marker variable is killed
 * (found through {@code /proc/<pid>/environ}).
 */
final class ProcessKiller {
  static final String MARKER_VAR = "ENVBOOK_SANDBOX";

  private ProcessKiller() {}

  /** Kills the process group led by {@code process} and all its descendants. */
  static void killTree(Process process) {
    long pid = process.pid();
    List<ProcessHandle> descendants = process.descendants().toList();
    signalGroup(pid);
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /**
   * Kills every process whose environment holds {@code ENVBOOK_SANDBOX=<marker>}: with a sandbox's
   * marker, every process of the sandbox; with a marker ending in {@code /<n>}, those of one command.
   */
  static int killMarked(String marker) {
    byte[] needle = (MARKER_VAR + "=" + marker).getBytes(StandardCharsets.UTF_8);
    int killed = 0;
    for (int round = 0; round < 3; round++) {
      List<Long> found = marked(needle);
      if (found.isEmpty()) {
        break;
      }
      for (long pid : found) {
        signalGroup(pid);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        killed++;
      }
      sleepQuietly(20);
    }
    return killed;
  }

  /** Pids of live processes whose environment contains {@code needle}. */
  static List<Long> marked(byte[] needle) {
    List<Long> out = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path p : procs) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid == self) {
          continue;
        }
        try {
          if (contains(Files.readAllBytes(p.resolve("environ")), needle)) {
            out.add(pid);
          }
        } catch (IOException | SecurityException e) {
          // gone already, or not ours to read
        }
      }
    } catch (IOException e) {
      // no /proc: only the process-group kill applies
    }
    return out;
  }

  private static void signalGroup(long pid) {
    try {
      new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (IOException e) {
      // no kill(1): descendants are still killed one by one
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      if (i > 0 && hay[i - 1] != 0) {
        continue;
      }
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      int end = i + needle.length;
      if (end == hay.length || hay[end] == 0 || hay[end] == '/') {
        return true;
      }
    }
    return false;
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
