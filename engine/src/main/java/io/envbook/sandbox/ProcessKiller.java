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
    // A process in the middle of exec can show an empty environment for an instant, so one empty
    // scan is not trusted: scanning goes on until a second scan in a row finds nothing.
    int emptyScans = 0;
    for (int round = 0; round < 6 && emptyScans < 2; round++) {
      List<Long> found = marked(needle);
      emptyScans = found.isEmpty() ? emptyScans + 1 : 0;
      for (long pid : found) {
        signalGroup(pid);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        killed++;
      }
      sleepQuietly(found.isEmpty() ? 5 : 20);
    }
    return killed;
  }

  /**
   * Kills every process still in one of {@code sessions} (each command runs in its own session, and
   * processes it leaves in the background stay in it unless they start their own) unless its
   * environment shows another marker: a second net beside the marker scan, found through
   * {@code /proc/<pid>/stat}, which stays readable while a process execs.
   */
  static int killSessions(java.util.Collection<Long> sessions, String marker) {
    if (sessions.isEmpty()) {
      return 0;
    }
    byte[] needle = (MARKER_VAR + "=" + marker).getBytes(StandardCharsets.UTF_8);
    int killed = 0;
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path p : procs) {
        long pid = Long.parseLong(p.getFileName().toString());
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long session = Long.parseLong(fields[3]);
          if (pid != self && sessions.contains(session) && !someoneElses(p, needle)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            killed++;
          }
        } catch (IOException | RuntimeException e) {
          // gone already
        }
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      // no /proc: the marker scan still applies
    }
    return killed;
  }

  /**
   * True when a process's environment can be read and does not carry the marker: a session id can
   * come back for another command once its leader is gone, and that command's processes are not ours.
   */
  private static boolean someoneElses(Path proc, byte[] needle) {
    try {
      byte[] env = Files.readAllBytes(proc.resolve("environ"));
      return env.length > 0 && !contains(env, needle);
    } catch (IOException e) {
      return false;
    }
  }

  /** True while some process still carries {@code marker} (a command's background children, say). */
  static boolean anyMarked(String marker) {
    return !marked((MARKER_VAR + "=" + marker).getBytes(StandardCharsets.UTF_8)).isEmpty();
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
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      // no /proc (or it changed under the scan): the group kill and the next round still apply
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
