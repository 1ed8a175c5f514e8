package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.atropos.UvicornTrajectoryApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code envbook serve} as a real process against the test trajectory API on uvicorn. */
@Timeout(120)
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void sigtermLetsTheRunningGroupsFinishPostsThemDisconnectsAndPrintsTheSummary() throws Exception {
    try (UvicornTrajectoryApi api = new UvicornTrajectoryApi(Path.of("..", "engine", "src", "test", "python"), dir.resolve("uvicorn.log"))) {
      api.registerTrainer(2, 4096, 1000);
      Path log = dir.resolve("serve.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
          SlowServeEnv.class.getName(), "--api", api.url(), "--model", "scripted", "--max-workers", "2",
          "--unsent", dir.resolve("unsent.jsonl").toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (api.posts().isEmpty()) {
        assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
        assertThat(System.nanoTime() < deadline).as("no group was posted in 60 s:\n" + Files.readString(log)).isTrue();
        Thread.sleep(50);
      }
      Thread.sleep(300); // the next two groups are running

      serve.destroy(); // SIGTERM

      assertThat(serve.waitFor(90, TimeUnit.SECONDS)).isTrue();
      String out = Files.readString(log);
      assertThat(serve.exitValue()).as(out).isEqualTo(143);
      int posted = api.posts().size();
      assertThat(posted).as("the groups running at the signal were posted too:\n" + out).isGreaterThanOrEqualTo(3);
      assertThat(out).contains("serve: stopping: running groups get up to 60 s")
          .contains("serve: sent " + posted + " groups (" + 2 * posted + " rollouts)")
          .doesNotContain("unposted").doesNotContain("abandoned");
      assertThat(api.disconnects()).containsExactly(0);
      assertThat(dir.resolve("unsent.jsonl")).doesNotExist();
    }
  }
}
