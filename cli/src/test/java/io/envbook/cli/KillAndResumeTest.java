package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import io.envbook.rollout.RolloutKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed with SIGKILL midway and started again finishes every rollout and loses none it had written. */
class KillAndResumeTest {
  @TempDir Path dir;

  private Process start(Path out) throws Exception {
    return EnvbookProcess.start(EnvbookProcess.command(List.of(), "run", SlowEnv.class.getName(), "-n", "12", "-c", "2", "--out", out.toString()),
        java.util.Map.of(), dir.resolve("log.txt"));
  }

  @Test
  void killedRunResumesWithoutLosingOrRepeatingRollouts() throws Exception {
    Path out = dir.resolve("slow.jsonl");
    Process first = start(out);
    while (!Files.exists(out) || Files.readAllLines(out).size() < 5) {
      assertThat(first.isAlive()).as("the first run must still be running").isTrue();
      Thread.sleep(20);
    }
    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    List<String> before = Files.readAllLines(out);
    assertThat(before.size()).isBetween(5, 23);

    Process second = start(out);
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).as(Files.readString(dir.resolve("log.txt"))).isZero();

    List<String> after = Files.readAllLines(out);
    assertThat(after.subList(0, before.size() - 1)).as("complete records written before the kill are kept as they were")
        .isEqualTo(before.subList(0, before.size() - 1));
    List<Rollout> rollouts = RolloutFile.read(out).rollouts();
    Set<RolloutKey> keys = rollouts.stream().map(Rollout::key).collect(Collectors.toSet());
    assertThat(keys).hasSize(24);
    assertThat(rollouts).allMatch(r -> r.ok() && r.score() == 1.0);
    assertThat(after.size()).as("no finished rollout was run twice (the header and 24)").isLessThanOrEqualTo(1 + 24 + 1);
    assertThat(Files.readString(dir.resolve("log.txt"))).contains("resumed from the output file");
  }

}
