package io.envbook.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stand-in {@code docker} command for hosts without a Docker engine: a shell script that records
 * every call (one line each, in {@code calls}), keeps the containers it "runs" as files until they are
 * removed, answers {@code ps}, {@code image inspect} and {@code build} (taking {@link #buildSeconds}) from that state, fails the
 * next {@link #failRuns} starts with a message of the caller's choosing, and logs how many starts
 * were in progress at once. {@code exec} succeeds without doing anything.
 */
final class FakeDocker {
  private static final String SCRIPT = """
      #!/bin/bash
      state='%s'
      printf '%%s\\n' "$*" >> "$state/calls"
      case "$1" in
        version) echo 27.3.1 ;;
        run)
          n=$(cat "$state/fail-runs" 2>/dev/null || echo 0)
          if [ "$n" -gt 0 ]; then echo $((n - 1)) > "$state/fail-runs"; cat "$state/fail-message" >&2; exit 125; fi
          mkdir "$state/starting.$$"; ls -d "$state"/starting.* | wc -l >> "$state/concurrency"
          sleep "$(cat "$state/start-seconds" 2>/dev/null || echo 0)"; rmdir "$state/starting.$$"
          while [ "$1" != --name ]; do shift; done
          touch "$state/containers/$2"; echo "${2}-id" ;;
        exec) exit 0 ;;
        rm) shift; [ "$1" = -f ] && shift; for c in "$@"; do rm -f "$state/containers/$c"; done ;;
        ps) ls "$state/containers" ;;
        image) [ -e "$state/images/$3" ] ;;
        build) sleep "$(cat "$state/build-seconds" 2>/dev/null || echo 0)"; touch "$state/images/$3"; echo built ;;
        *) echo "unknown command $1" >&2; exit 1 ;;
      esac
      """;
  private final Path state;
  final Path program;

  FakeDocker(Path dir) throws IOException {
    this.state = Files.createDirectories(dir.resolve("state"));
    Files.createDirectories(state.resolve("containers"));
    Files.createDirectories(state.resolve("images"));
    this.program = dir.resolve("docker");
    Files.writeString(program, SCRIPT.formatted(state));
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  DockerCli cli() {
    return new DockerCli(program.toString());
  }

  /** The next {@code n} starts fail, saying {@code message} on stderr. */
  void failRuns(int n, String message) throws IOException {
    Files.writeString(state.resolve("fail-runs"), String.valueOf(n));
    Files.writeString(state.resolve("fail-message"), message + "\n");
  }

  void buildSeconds(double seconds) throws IOException {
    Files.writeString(state.resolve("build-seconds"), String.valueOf(seconds));
  }

  void startSeconds(double seconds) throws IOException {
    Files.writeString(state.resolve("start-seconds"), String.valueOf(seconds));
  }

  /** Every call so far, arguments joined by spaces. */
  List<String> calls() throws IOException {
    Path calls = state.resolve("calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  List<String> calls(String command) throws IOException {
    return calls().stream().filter(c -> c.startsWith(command + " ")).toList();
  }

  /** The containers "running" now. */
  List<String> containers() throws IOException {
    try (Stream<Path> files = Files.list(state.resolve("containers"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The most starts that were in progress at once. */
  int mostStartsAtOnce() throws IOException {
    Path log = state.resolve("concurrency");
    return Files.exists(log) ? Files.readAllLines(log).stream().mapToInt(l -> Integer.parseInt(l.strip())).max().orElse(0) : 0;
  }
}
