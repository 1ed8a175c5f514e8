package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --shard as a user types it: bad values, the default output names, a killed shard resumed, a file of another shard. */
class ShardOptionTest extends ConsoleCapture {
  @TempDir Path dir;

  private Process start(String... args) throws Exception {
    return new ProcessBuilder(EnvbookProcess.command(List.of(), args)).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("log.txt").toFile()).start();
  }

  private void finish(Process p) throws Exception {
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("log.txt"))).isZero();
  }

  @Test
  void aShardOutsideTheShardsOrNotIndexSlashCountIsOneSentence() {
    assertThat(Main.execute("run", SlowEnv.class.getName(), "--shard", "4/4")).isEqualTo(2);
    assertThat(stderr()).isEqualTo("envbook: --shard 4/4 names no shard: the index counts from 0, so with 4 shards it is 0 to 3"
        + " (--shard 3/4 is the last)\n");
    assertThat(Main.execute("eval", SlowEnv.class.getName(), "--shard", "x")).isEqualTo(2);
    assertThat(stderr()).endsWith("envbook: --shard takes I/N, the shard's index counting from 0 and the number of shards, e.g."
        + " --shard 0/4 for the first of four; got `x`\n");
  }

  @Test
  void aShardsFileIsNotResumedAsAnotherShard() throws Exception {
    Path out = dir.resolve("s.jsonl");
    Path script = ShardScripts.write(dir);
    assertThat(Main.execute("run", script.toString(), "-n", "4", "--shard", "0/2", "--out", out.toString())).isZero();

    assertThat(Main.execute("run", script.toString(), "-n", "4", "--shard", "1/2", "--out", out.toString())).isEqualTo(2);
    assertThat(stderr()).contains(out + " holds rollouts of another run (the shard changed from `0/2` to `1/2`): pass --fresh");
    assertThat(Main.execute("run", script.toString(), "-n", "6", "--shard", "0/2", "--out", out.toString())).isEqualTo(2);
    assertThat(stderr()).contains("the selected items changed from `4` to `6`");
  }

  @Test
  void aKilledShardResumesItsOwnItemsInItsDefaultFileAndMerges() throws Exception {
    Path out = dir.resolve("runs/slow.shard-1-of-2.jsonl");
    Process first = start("run", SlowEnv.class.getName(), "-n", "12", "-c", "2", "--shard", "1/2");
    while (!Files.exists(out) || Files.readAllLines(out).size() < 4) {
      assertThat(first.isAlive()).as("the first run must still be running").isTrue();
      Thread.sleep(20);
    }
    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    finish(start("run", SlowEnv.class.getName(), "-n", "12", "-c", "2", "--shard", "1/2"));

    assertThat(Files.readString(dir.resolve("log.txt"))).contains("resumed from the output file");
    List<Rollout> rollouts = RolloutFile.read(out).rollouts();
    assertThat(rollouts).hasSize(12).allMatch(r -> r.ok() && r.score() == 1.0);
    assertThat(rollouts).extracting(Rollout::itemId).containsOnly("n1", "n3", "n5", "n7", "n9", "n11");
    finish(start("run", SlowEnv.class.getName(), "-n", "12", "-c", "4", "--shard", "0/2"));
    finish(start("merge", "-o", "runs/slow.jsonl", "runs/slow.shard-0-of-2.jsonl", "runs/slow.shard-1-of-2.jsonl"));
    assertThat(RolloutFile.read(dir.resolve("runs/slow.jsonl")).rollouts()).hasSize(24);
  }

  @Test
  void anEvalShardWritesItsOwnFolderUnderTheEnvironmentsEvals() throws Exception {
    finish(start("eval", SlowEnv.class.getName(), "-n", "3", "--shard", "1/2"));

    assertThat(dir.resolve("evals/slow/shard-1-of-2/metrics.json")).exists();
    assertThat(RolloutFile.read(dir.resolve("evals/slow/shard-1-of-2/samples.jsonl")).rollouts()).extracting(Rollout::itemId)
        .containsOnly("n1");
  }

  @Test
  void aShardWithoutItemsSaysSoAndStillMerges() throws Exception {
    Path script = ShardScripts.write(dir);
    List<String> files = new java.util.ArrayList<>(List.of("merge", "-o", dir.resolve("all.jsonl").toString()));
    for (int i = 0; i < 4; i++) {
      Path out = dir.resolve("s" + i + ".jsonl");
      assertThat(Main.execute("run", script.toString(), "-n", "3", "--shard", i + "/4", "--out", out.toString())).isZero();
      files.add(out.toString());
    }
    assertThat(stdout()).contains("note: shard 3/4 has no item: the run selected 3 for 4 shards; its file is written all the same, for merge");

    assertThat(Main.execute(files.toArray(String[]::new))).isZero();
    assertThat(RolloutFile.read(dir.resolve("all.jsonl")).rollouts()).hasSize(9);
  }
}
