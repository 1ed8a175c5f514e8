package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envbook sandboxes prune}, against a stand-in {@code docker} command (no Docker engine needed). */
class SandboxesCommandTest extends ConsoleCapture {
  @TempDir Path dir;

  @Test
  void pruneRemovesTheContainersTheDockerBackendLabelled() throws Exception {
    Path calls = dir.resolve("calls");
    Path docker = Files.writeString(dir.resolve("docker"), """
        #!/bin/bash
        printf '%%s\\n' "$*" >> '%s'
        case "$1" in
          version) echo 27.3.1 ;;
          ps) printf 'c0ffee01\\nc0ffee02\\n' ;;
        esac
        """.formatted(calls));
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    System.setProperty("envbook.docker", docker.toString());
    try {
      int code = Main.execute("sandboxes", "prune", "--backend", "docker");

      assertThat(code).as(stderr()).isZero();
      assertThat(stdout()).isEqualTo("removed 2 sandboxes from the docker backend\n");
      assertThat(Files.readAllLines(calls)).containsExactly("version --format {{.Server.Version}}", "ps -aq --filter label=envbook.sandbox",
          "rm -f c0ffee01 c0ffee02");
    } finally {
      System.clearProperty("envbook.docker");
    }
  }

  @Test
  void theLocalBackendRemovesTheTaskDirectoriesOfRunsThatAreGone() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path gone = Files.createDirectories(tmp.resolve("envbook-sandboxes-" + Integer.MAX_VALUE + "-123/task-1-abc"));
    Path live = Files.createDirectories(tmp.resolve("envbook-sandboxes-" + ProcessHandle.current().pid() + "-456/task-2-def"));
    String previous = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmp.toString());
    try {
      assertThat(Main.execute("sandboxes", "prune", "--backend", "local")).isZero();
      assertThat(stdout()).isEqualTo("removed 1 sandbox from the local backend\n");
      assertThat(gone.getParent()).doesNotExist();
      assertThat(live).isDirectory();
    } finally {
      System.setProperty("java.io.tmpdir", previous);
    }
  }

  @Test
  void aMisspelledBackendIsAUsageMistakeWithASuggestion() {
    assertThat(Main.execute("sandboxes", "prune", "--backend", "dockr")).isEqualTo(2);
    assertThat(stderr()).contains("unknown sandbox backend `dockr`: did you mean `docker`?");
  }
}
