package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.rollout.RolloutFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A run and a benchmark split into shards and merged give what one process gives. */
class ShardedRunTest extends ConsoleCapture {
  @TempDir Path dir;

  @Test
  void fourShardsMergedAreTheOneProcessRunAndItResumesThemAsFinished() throws Exception {
    Path script = ShardScripts.write(dir);
    Path whole = dir.resolve("whole.jsonl");
    assertThat(Main.execute("run", script.toString(), "-n", "10", "--out", whole.toString())).isZero();
    List<String> shards = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path shard = dir.resolve("s" + i + ".jsonl");
      assertThat(Main.execute("run", script.toString(), "-n", "10", "--shard", i + "/4", "--out", shard.toString())).isZero();
      shards.add(shard.toString());
    }
    assertThat(RolloutFile.read(dir.resolve("s1.jsonl")).rollouts()).extracting(r -> r.itemId()).containsOnly("q1", "q5", "q9");
    Path merged = dir.resolve("merged.jsonl");
    List<String> args = new ArrayList<>(List.of("merge", "-o", merged.toString()));
    args.addAll(shards);

    assertThat(Main.execute(args.toArray(String[]::new))).as(stderr()).isZero();

    assertThat(ShardScripts.comparable(merged, false)).isEqualTo(ShardScripts.comparable(whole, true));
    assertThat(RolloutFile.read(merged).provenance()).isEqualTo(RolloutFile.read(whole).provenance());
    assertThat(stdout()).contains("merged 4 shards of sharded: 30 rollouts of 10 items");
    List<String> before = Files.readAllLines(merged);
    assertThat(Main.execute("run", script.toString(), "-n", "10", "--out", merged.toString())).isZero();
    assertThat(stdout()).contains("30 written (0 ran, 30 resumed)");
    assertThat(Files.readAllLines(merged)).isEqualTo(before);
  }

  @Test
  void threeEvalShardsMergedWriteTheMetricsOfOneProcess() throws Exception {
    Path script = ShardScripts.write(dir);
    Path whole = dir.resolve("whole");
    assertThat(Main.execute("eval", script.toString(), "--epochs", "3", "--pass-threshold", "0.25", "--out", whole.toString())).isZero();
    List<String> args = new ArrayList<>(List.of("merge", "-o", dir.resolve("merged").toString()));
    double longest = 0;
    for (int i = 0; i < 3; i++) {
      Path shard = dir.resolve("e" + i);
      assertThat(Main.execute("eval", script.toString(), "--epochs", "3", "--pass-threshold", "0.25", "--shard", i + "/3",
          "--out", shard.toString())).isZero();
      args.add(shard.toString());
      longest = Math.max(longest, seconds(shard.resolve("metrics.json")));
    }
    JsonNode shard1 = Json.parse(Files.readString(dir.resolve("e1/metrics.json")));
    assertThat(shard1.get("results").get("all").has("eval/held_out_mean_reward")).as("only shard 0 runs evaluate").isFalse();

    assertThat(Main.execute(args.toArray(String[]::new))).as(stderr()).isZero();

    Path merged = dir.resolve("merged");
    assertThat(ShardScripts.withoutTime(merged.resolve("metrics.json"))).isEqualTo(ShardScripts.withoutTime(whole.resolve("metrics.json")));
    assertThat(seconds(merged.resolve("metrics.json"))).isEqualTo(longest);
    assertThat(ShardScripts.comparable(merged.resolve("samples.jsonl"), false))
        .isEqualTo(ShardScripts.comparable(whole.resolve("samples.jsonl"), true));
    JsonNode all = Json.parse(Files.readString(merged.resolve("metrics.json"))).get("results").get("all");
    assertThat(all.get("eval/held_out_mean_reward").asDouble()).as("held-out h2 scores 1 and 0.25").isEqualTo(0.8125);
    assertThat(all.get("eval/num_samples").asInt()).isEqualTo(30);
  }

  private static double seconds(Path metrics) throws Exception {
    return Double.parseDouble(Json.parse(Files.readString(metrics)).get("config_general").get("total_evaluation_time_seconds").asString());
  }
}
