package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** merge refuses shards that do not make one whole run with one sentence, exit 2, and writes nothing. */
class ShardMergeRefusalTest extends ConsoleCapture {
  @TempDir static Path runs;
  @TempDir Path dir;
  private static Path script;

  private static Path shard(int i, int n, String... more) {
    Path out = runs.resolve("s" + i + "-of-" + n + String.join("", more).replace("-", "_") + ".jsonl");
    List<String> args = new ArrayList<>(List.of("run", script.toString(), "--shard", i + "/" + n, "--out", out.toString()));
    if (!List.of(more).contains("-n")) {
      args.addAll(List.of("-n", "6"));
    }
    args.addAll(List.of(more));
    assertThat(Main.execute(args.toArray(String[]::new))).isZero();
    return out;
  }

  @BeforeAll
  static void runThreeShards() throws Exception {
    script = ShardScripts.write(runs);
    for (int i = 0; i < 3; i++) {
      shard(i, 3);
    }
  }

  private static Path s(int i) {
    return runs.resolve("s" + i + "-of-3.jsonl");
  }

  private Path copy(Path shard) throws Exception {
    return Files.copy(shard, dir.resolve(shard.getFileName()));
  }

  private void refused(String sentence, Path... shards) {
    List<String> args = new ArrayList<>(List.of("merge", "-o", dir.resolve("merged.jsonl").toString()));
    for (Path p : shards) {
      args.add(p.toString());
    }
    assertThat(Main.execute(args.toArray(String[]::new))).as(stderr()).isEqualTo(2);
    assertThat(stderr()).contains(sentence).doesNotContain("Exception").hasLineCount(1);
    assertThat(dir.resolve("merged.jsonl")).doesNotExist();
  }

  @Test
  void allThreeMerge() {
    assertThat(Main.execute("merge", "-o", dir.resolve("merged.jsonl").toString(), s(2).toString(), s(0).toString(), s(1).toString()))
        .isZero();
  }

  @Test
  void aMissingShard() {
    refused("shard 1/3 is missing (given 0/3, 2/3): pass every shard's file, running a missing one first with --shard 1/3", s(0), s(2));
  }

  @Test
  void aShardGivenTwice() throws Exception {
    refused(" are both shard 1/3: pass each shard's file once", s(0), s(1), copy(s(1)), s(2));
  }

  @Test
  void aShardOfAnotherRun() {
    refused("is a shard of another run than " + s(0) + " (the seed changed from none to `7`): merge the shards of one run", s(0), shard(1, 3, "--seed", "7"), s(2));
  }

  @Test
  void aShardOfAnotherNumberOfShards() {
    refused("is shard 1/2 but " + s(0) + " is shard 0/3: merge the shards of one run, split into the same number of shards",
        s(0), shard(1, 2), s(2));
  }

  @Test
  void aShardOfAnotherSelection() {
    refused("is a shard of a run of 5 items, " + s(0) + " of 6: run every shard with the same -n, --item and --items-matching",
        s(0), shard(1, 3, "-n", "5"), s(2));
  }

  @Test
  void aShardOfAsManyOtherItems() {
    refused("is a shard of a run of other items than " + s(0) + " (6 each): run every shard with the same -n, --item and --items-matching",
        s(0), shard(1, 3, "--item", "q4", "--item", "q5", "--item", "q6", "--item", "q7", "--item", "q8", "--item", "q9"), s(2));
  }

  @Test
  void anIncompleteShard() throws Exception {
    Path cut = copy(s(1));
    List<String> lines = Files.readAllLines(cut);
    Files.write(cut, lines.subList(0, lines.size() - 1));
    refused(cut + " is incomplete: it holds 5 of its 6 rollouts (2 items x 3 samples); run its command again (same --shard 1/3) to"
        + " finish it, then merge", s(0), cut, s(2));
  }

  @Test
  void aRolloutInTwoShards() throws Exception {
    Path joined = copy(s(1));
    Files.writeString(joined, Files.readAllLines(s(0)).get(1) + "\n", java.nio.file.StandardOpenOption.APPEND);
    refused(" is in both " + s(0) + " and " + joined + ": a rollout belongs to one shard", s(0), joined, s(2));
  }

  @Test
  void anItemInTheWrongShard() throws Exception {
    // swap the rollouts of item q0 (shard 0) and item q1 (shard 1) between the two files
    Path zero = dir.resolve("zero.jsonl");
    Path one = dir.resolve("one.jsonl");
    List<String> a = Files.readAllLines(s(0));
    List<String> b = Files.readAllLines(s(1));
    List<String> newA = new ArrayList<>(List.of(a.get(0)));
    List<String> newB = new ArrayList<>(List.of(b.get(0)));
    a.subList(1, a.size()).forEach(l -> (l.contains("\"item_id\":\"q0\"") ? newB : newA).add(l));
    b.subList(1, b.size()).forEach(l -> (l.contains("\"item_id\":\"q1\"") ? newA : newB).add(l));
    Files.write(zero, newA);
    Files.write(one, newB);
    refused(one + " (shard 1/3) holds item `q0`, which belongs to shard 0/3: were shard files edited or mixed up?", zero, one, s(2));
  }

  @Test
  void aFileThatIsNoShard() throws Exception {
    Path whole = dir.resolve("whole.jsonl");
    assertThat(Main.execute("run", script.toString(), "-n", "6", "--out", whole.toString())).isZero();
    refused(whole + " is not a shard's file (its header records no shard)", whole, s(1), s(2));
  }

  @Test
  void evalShardsOfAnotherPassThreshold() {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    assertThat(Main.execute("eval", script.toString(), "-n", "4", "--shard", "0/2", "--out", a.toString())).isZero();
    assertThat(Main.execute("eval", script.toString(), "-n", "4", "--shard", "1/2", "--pass-threshold", "0.25", "--out", b.toString()))
        .isZero();
    assertThat(Main.execute("merge", "-o", dir.resolve("m").toString(), a.toString(), b.toString())).isEqualTo(2);
    assertThat(stderr()).contains(b + " used --pass-threshold 0.25 but " + a + " 1.0: run every shard with the same --pass-threshold");
    assertThat(dir.resolve("m")).doesNotExist();
  }
}
