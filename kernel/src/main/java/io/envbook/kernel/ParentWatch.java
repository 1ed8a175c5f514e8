package io.envbook.kernel;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Ends the kernel when the front end that started it is gone, as ipykernel does: jupyter_client puts
 * its own process id in {@code JPY_PARENT_PID}; a front end killed without shutting its kernels
 * down would otherwise leave them running, each holding its memory, with nobody to talk to.
 *
 * <pre>{@code
 * ParentWatch.start(System.getenv("JPY_PARENT_PID"), () -> System.exit(0), System.err);
 * }</pre>
 */
final class ParentWatch {
  private ParentWatch() {}

  /**
   * Runs {@code exit} once the process {@code parentPid} names has ended; does nothing when the
   * variable is unset or not a process id. Returns whether it watches.
   */
  static boolean start(String parentPid, Runnable exit, PrintStream log) {
    Optional<ProcessHandle> parent = parse(parentPid).flatMap(ProcessHandle::of);
    if (parent.isEmpty()) {
      if (parentPid != null && !parentPid.isBlank() && parse(parentPid).isPresent()) {
        log.println("envbook kernel: the front end (process " + parentPid.strip() + ") is already gone: shutting down");
        exit.run();
      }
      return false;
    }
    parent.get().onExit().thenRun(() -> {
      log.println("envbook kernel: the front end (process " + parentPid.strip() + ") has exited: shutting down");
      exit.run();
    });
    return true;
  }

  private static Optional<Long> parse(String pid) {
    try {
      return pid == null || pid.isBlank() ? Optional.empty() : Optional.of(Long.parseLong(pid.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
