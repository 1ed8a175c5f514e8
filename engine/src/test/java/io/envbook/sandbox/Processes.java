package io.envbook.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helper: live processes whose command line contains a marker string, read from /proc. */
public final class Processes {
  private Processes() {}

  public static List<Long> withCommandLineContaining(String marker) {
    List<Long> out = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
          String stat = Files.readString(p.resolve("stat"));
          boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
          if (cmd.contains(marker) && !zombie) {
            out.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException e) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Waits up to two seconds for processes to disappear (killing is asynchronous), then lists the survivors. */
  public static List<Long> survivors(String marker) throws InterruptedException {
    for (int i = 0; i < 40; i++) {
      List<Long> left = withCommandLineContaining(marker);
      if (left.isEmpty()) {
        return left;
      }
      Thread.sleep(50);
    }
    return withCommandLineContaining(marker);
  }
}
