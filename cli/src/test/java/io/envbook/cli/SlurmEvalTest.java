package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code envbook eval --slurm}: the batch script it writes, and what it says without Slurm. The runs
 * on a real Slurm are in {@link SlurmClusterTest}.
 */
class SlurmEvalTest extends ConsoleCapture {
  @TempDir Path dir;

  @Test
  void dryRunPrintsAJobArrayRunningTheSameCommandPerShardAndSubmitsNothing() throws Exception {
    Path out = dir.resolve("evals");
    int code = Main.execute("eval", "../examples/arithmetic", "--epochs", "2", "--slurm", "--shards", "4", "--seed", "7",
        "--sbatch-arg=--time=00:05:00", "--sbatch-arg", "--partition=cpu", "--out", out.toString(), "--dry-run");

    assertThat(code).isZero();
    String script = stdout();
    Path abs = out.toAbsolutePath();
    assertThat(script).startsWith("#!/bin/bash\n").contains(
        "#SBATCH --job-name=envbook-arithmetic\n",
        "#SBATCH --array=0-3\n",
        "#SBATCH --chdir=" + Path.of("").toAbsolutePath() + "\n",
        "#SBATCH --output=" + abs.resolve("slurm/shard-%a.out") + "\n",
        "#SBATCH --error=" + abs.resolve("slurm/shard-%a.err") + "\n",
        "#SBATCH --time=00:05:00\n#SBATCH --partition=cpu\n");
    String exec = script.lines().filter(l -> l.startsWith("exec ")).findFirst().orElseThrow();
    assertThat(exec).startsWith("exec " + Path.of(System.getProperty("java.home"), "bin", "java") + " ")
        .contains(" io.envbook.cli.Main eval ../examples/arithmetic --epochs 2 --seed 7 --shard \"$SLURM_ARRAY_TASK_ID/4\" --out "
            + abs + "/shard-\"$SLURM_ARRAY_TASK_ID\"-of-4")
        .doesNotContain("--slurm", "--shards", "--sbatch-arg", "--dry-run", "--out " + out + " ");
    assertThat(out).as("a dry run writes nothing").doesNotExist();
    Path file = dir.resolve("job.sbatch");
    Files.writeString(file, script);
    assertThat(new ProcessBuilder("bash", "-n", file.toString()).inheritIO().start().waitFor()).as("bash parses it").isZero();
  }

  @Test
  void argumentsThatNeedQuotingAreQuotedForTheShell() throws Exception {
    int code = Main.execute("eval", "../examples/text_partial_credit", "--items-matching", "category=it's (eu)",
        "--slurm", "--shards=2", "-o", dir.resolve("with space").toString(), "--dry-run");

    assertThat(code).isZero();
    Path file = dir.resolve("job.sbatch");
    Files.writeString(file, stdout().replace("exec ", "printf '%s\\n' "));
    Process p = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("args.txt").toFile()).start();
    p.getOutputStream().close();
    assertThat(p.waitFor()).isZero();
    List<String> args = Files.readAllLines(dir.resolve("args.txt"));
    assertThat(args).containsSubsequence("--items-matching", "category=it's (eu)", "--shard", "/2", "--out",
        dir.resolve("with space").toAbsolutePath() + "/shard--of-2");
  }

  @Test
  void slurmOptionsAreCheckedBeforeAnythingRuns() {
    assertThat(Main.execute("eval", "../examples/arithmetic", "--slurm")).isEqualTo(2);
    assertThat(Main.execute("eval", "../examples/arithmetic", "--shards", "4")).isEqualTo(2);
    assertThat(Main.execute("eval", "../examples/arithmetic", "--dry-run")).isEqualTo(2);
    assertThat(Main.execute("eval", "../examples/arithmetic", "--slurm", "--shards", "0")).isEqualTo(2);
    assertThat(stderr()).contains(
        "envbook: --slurm needs --shards N: how many array tasks to split the eval into, e.g. --shards 4\n",
        "envbook: --shards goes with --slurm: add --slurm to run the eval as a Slurm job array (or --shard I/N to run one shard here)\n",
        "envbook: --dry-run goes with --slurm: add --slurm to run the eval as a Slurm job array\n",
        "envbook: --shards 0 is out of range: give from 1 to 10000 array tasks\n");
  }

  @Test
  void withoutSbatchOnThePathItSaysSoInOneSentence() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("bin"));
    EnvbookProcess.Result r = EnvbookProcess.run(
        EnvbookProcess.command(List.of(), "eval", "../examples/arithmetic", "--slurm", "--shards", "2", "-o", dir.resolve("e").toString()),
        Map.of("PATH", empty.toString()), dir.resolve("log.txt"), Duration.ofSeconds(60));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output().strip()).isEqualTo(
        "envbook: --slurm needs Slurm's sbatch on the PATH: run this on a Slurm login node, or add --dry-run to print the batch script");
  }

}
