package io.envbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prune} on the local backend after a run killed with SIGKILL: its background processes and task directories go, a live run's stay. */
class LocalPruneTest {
  @TempDir Path dir;

  @Test
  void pruneRemovesWhatAKilledRunLeftAndNothingOfALiveOne() throws Exception {
    String marker = SandboxContract.marker();
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "-Djava.io.tmpdir=" + tmp, LocalSandboxHolder.class.getName(), "2", marker)
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream()))) {
      assertThat(out.readLine()).isEqualTo("holding 2 sandboxes");
    }
    run.destroyForcibly().waitFor();
    assertThat(Processes.withCommandLineContaining(marker)).as("the killed run's background sleeps live on").hasSize(2);
    try (LocalSandboxProvider live = new LocalSandboxProvider(null, 1000)) {
      live.create("mine");

      int removed = LocalLeftovers.prune(tmp);

      assertThat(removed).isEqualTo(2);
      assertThat(Processes.survivors(marker)).isEmpty();
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left).isEmpty();
      }
      assertThat(live.base()).isDirectory();
    }
  }
}
