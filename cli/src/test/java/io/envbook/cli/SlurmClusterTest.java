package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envbook.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code envbook eval --slurm} on a real single-node Slurm (Debian's slurm-wlm and munge, started by
 * {@code src/test/slurm/start-slurm.sh}, as {@code .ci/run} does); skipped, saying why, where it cannot start.
 */
@Tag("slurm")
class SlurmClusterTest {
  private static final Pattern JOB = Pattern.compile("submitted Slurm job (\\d+)");
  /** JVM options for short runs; the array's tasks get the submitter's, so they start as fast. */
  private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  private static String conf;
  private static String problem;

  @TempDir Path dir;

  @BeforeAll
  static void startSlurm() throws Exception {
    Path log = Files.createTempFile("start-slurm", ".log");
    Process p = new ProcessBuilder("bash", "src/test/slurm/start-slurm.sh").redirectError(log.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      problem = "start-slurm.sh did not finish within 90 s";
    } else if (p.exitValue() != 0) {
      List<String> err = Files.readAllLines(log);
      problem = err.isEmpty() ? "start-slurm.sh exited " + p.exitValue() : err.get(err.size() - 1);
    } else {
      conf = out;
    }
    Files.deleteIfExists(log);
  }

  @BeforeEach
  void needSlurm() {
    assumeTrue(problem == null, () -> "no Slurm here: " + problem);
  }

  /**
   * One array of four shards, of which shard 2 cannot write its folder: it is named with its log; the
   * same command again runs shard 2 alone (the others resume, complete) and the merged eval is what
   * one process writes. (One test for both, as each array costs four JVM starts.)
   */
  @Test
  void fourShardsOnSlurmGiveWhatOneProcessGivesAndAFailedShardIsNamedThenRunAgainAlone() throws Exception {
    Path one = dir.resolve("one");
    assertThat(Main.execute("eval", "../examples/arithmetic", "--epochs", "2", "--out", one.toString())).isZero();
    Path four = dir.resolve("four");
    Files.createDirectories(four);
    Files.writeString(four.resolve("shard-2-of-4"), "a file where shard 2 wants its folder");
    String[] args = {"eval", "../examples/arithmetic", "--epochs", "2", "--slurm", "--shards", "4", "--out", four.toString()};

    EnvbookProcess.Result failed = envbook(args);

    assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
    assertThat(failed.output()).contains("slurm job " + job(failed) + ": 3 completed, 1 failed");
    Path log = four.resolve("slurm/shard-2.err").toAbsolutePath();
    String reason = Files.readAllLines(log).stream().filter(l -> l.startsWith("envbook: ")).reduce((a, b) -> b).orElseThrow();
    assertThat(failed.output()).contains("envbook: Slurm job " + job(failed) + ": shard 2 failed (" + reason + "), log " + log
        + "; run the same command again to re-run only the unfinished samples\n");
    assertThat(four.resolve("slurm/envbook-eval.sbatch")).content().contains(" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp ");

    Files.delete(four.resolve("shard-2-of-4"));
    EnvbookProcess.Result again = envbook(args);

    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).contains("slurm job " + job(again) + ": 4 completed",
        "arithmetic on scripted (built-in offline model), 4 shards on Slurm (job " + job(again) + ")");
    assertThat(four.resolve("slurm/shard-2.out")).content().contains("samples 2 (0 resumed), failed 0");
    for (int i : new int[] {0, 1, 3}) {
      assertThat(four.resolve("slurm/shard-" + i + ".out")).content().contains("samples 2 (2 resumed), failed 0");
    }
    assertThat(withoutTimes(four.resolve("metrics.json"))).isEqualTo(withoutTimes(one.resolve("metrics.json")));
    assertThat(rollouts(four.resolve("samples.jsonl"))).isEqualTo(rollouts(one.resolve("samples.jsonl")));
  }

  @Test
  void ctrlCWhileWaitingCancelsTheJob() throws Exception {
    Path log = dir.resolve("log.txt");
    Process p = EnvbookProcess.start(EnvbookProcess.command(List.of(), "eval", "../examples/arithmetic", "--slurm", "--shards", "2",
        "--sbatch-arg=--begin=now+1hour", "--out", dir.resolve("e").toString()), Map.of("SLURM_CONF", conf), log);
    String job = null;
    for (int i = 0; i < 600 && job == null; i++) {
      Matcher m = JOB.matcher(Files.readString(log));
      job = m.find() ? m.group(1) : null;
      Thread.sleep(100);
    }
    assertThat(job).as(Files.readString(log)).isNotNull();

    new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();

    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(130);
    assertThat(Files.readString(log)).contains("envbook: interrupted: cancelled Slurm job " + job);
    ProcessBuilder squeue = new ProcessBuilder("squeue", "-h", "-r", "-t", "all", "-j", job, "-o", "%T").redirectErrorStream(true);
    squeue.environment().put("SLURM_CONF", conf);
    Process q = squeue.start();
    assertThat(new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().distinct()).containsExactly("CANCELLED");
  }

  private EnvbookProcess.Result envbook(String... args) throws Exception {
    return EnvbookProcess.run(EnvbookProcess.command(FAST_START, args), Map.of("SLURM_CONF", conf), dir.resolve("envbook.log"),
        Duration.ofSeconds(120));
  }

  private static String job(EnvbookProcess.Result r) {
    Matcher m = JOB.matcher(r.output());
    assertThat(m.find()).as(r.output()).isTrue();
    return m.group(1);
  }

  /** A metrics.json without what differs between two runs of the same eval: how long it took. */
  private static JsonNode withoutTimes(Path metrics) throws Exception {
    ObjectNode m = (ObjectNode) Json.parse(Files.readString(metrics));
    ((ObjectNode) m.get("config_general")).remove("total_evaluation_time_seconds");
    return m;
  }

  /** A rollout file's lines in (item, sample) order, without timings, with the random tool-call ids blanked. */
  private static List<JsonNode> rollouts(Path file) throws Exception {
    return EnvbookProcess.rolloutLines(file).stream().map(l -> (ObjectNode) Json.parse(l.replaceAll("call_[0-9a-f]+", "call_")))
        .peek(n -> n.remove("timing"))
        .sorted(Comparator.comparingInt((JsonNode n) -> n.get("item_index").asInt()).thenComparingInt(n -> n.get("sample").asInt()))
        .map(JsonNode.class::cast).toList();
  }

}
