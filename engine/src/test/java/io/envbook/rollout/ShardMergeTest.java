package io.envbook.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging shard files written as a sharded run writes them: finished out of order, retried, resumed. */
class ShardMergeTest {
  @TempDir Path dir;
  private final Provenance whole = new Provenance(Map.of("name", "env"), Map.of("name", "scripted"), Map.of("group_size", "2"));

  /** Positions 1, 4, 5, 8, 9 selected (a selection skips some), 2 samples each, split in {@code n}, each shard's rollouts last first. */
  private List<Path> shards(int n) throws Exception {
    return shards(n, i -> whole);
  }

  private List<Path> shards(int n, java.util.function.IntFunction<Provenance> provenanceOfShard) throws Exception {
    Map<Integer, Item> selected = new LinkedHashMap<>();
    for (int p : new int[] {1, 4, 5, 8, 9}) {
      selected.put(p, Item.of("item-" + p, Map.of()));
    }
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Shard s = new Shard(i, n);
      Path f = dir.resolve("s" + i + ".jsonl");
      try (RolloutFile out = RolloutFile.openForAppend(f, s.record(provenanceOfShard.apply(i), selected))) {
        List<Integer> mine = new ArrayList<>(s.select(selected).keySet());
        java.util.Collections.reverse(mine);
        for (int p : mine) {
          out.append(TestRollouts.rollout(p, 1, 0.5, null));
          out.append(TestRollouts.rollout(p, 0, 0.0, "the model server failed"));
          out.append(TestRollouts.rollout(p, 0, p / 10.0, null)); // the retry on resume: the last record counts
        }
      }
      files.add(f);
    }
    return files;
  }

  @Test
  void writesEveryShardsLastRecordsInItemAndSampleOrderUnderTheWholeRunsHeader() throws Exception {
    List<Path> files = shards(3);
    Path out = dir.resolve("merged/all.jsonl");

    ShardMerge.Result r = ShardMerge.merge(files, out);

    RolloutFile.Contents merged = RolloutFile.read(out);
    assertThat(merged.provenance()).isEqualTo(whole);
    assertThat(merged.rollouts()).extracting(x -> x.key().toString())
        .containsExactly("1:item-1#0", "1:item-1#1", "4:item-4#0", "4:item-4#1", "5:item-5#0", "5:item-5#1", "8:item-8#0", "8:item-8#1",
            "9:item-9#0", "9:item-9#1");
    assertThat(merged.rollouts()).filteredOn(x -> x.sample() == 0).allMatch(Rollout::ok).extracting(Rollout::score)
        .containsExactly(0.1, 0.4, 0.5, 0.8, 0.9);
    assertThat(Files.readAllLines(out)).hasSize(11).doesNotHaveDuplicates();
    assertThat(merged.rollouts().get(0)).isEqualTo(RolloutFile.read(files.get(0)).rollouts().stream()
        .filter(x -> x.key().equals(merged.rollouts().get(0).key())).findFirst().orElseThrow());
    assertThat(r.shards()).isEqualTo(3);
    assertThat(r.items()).isEqualTo(5);
    assertThat(r.rollouts()).extracting(Rollout::score).containsExactly(0.1, 0.5, 0.4, 0.5, 0.5, 0.5, 0.8, 0.5, 0.9, 0.5);
    assertThat(r.rollouts()).allMatch(x -> x.messages().isEmpty());
    assertThat(dir.resolve("merged/all.jsonl.merging")).doesNotExist();
  }

  @Test
  void shardsThatReachedTheModelThroughOtherServersMergeListingThemAll() throws Exception {
    List<Path> files = shards(3, i -> new Provenance(Map.of("name", "env"),
        Map.of("name", "Qwen/Qwen3-8B", "servers", "http://node" + (2 - i) + ":8000/v1"), Map.of("group_size", "2")));

    ShardMerge.merge(files, dir.resolve("m.jsonl"));

    assertThat(RolloutFile.read(dir.resolve("m.jsonl")).provenance().model())
        .containsEntry("name", "Qwen/Qwen3-8B")
        .containsEntry("servers", "http://node0:8000/v1, http://node1:8000/v1, http://node2:8000/v1");
  }

  @Test
  void aTornLastLineOfAKilledShardIsSkipped() throws Exception {
    List<Path> files = shards(2);
    Files.writeString(files.get(1), "{\"env\":\"env\",\"item_index\":4,\"ite", java.nio.file.StandardOpenOption.APPEND);

    ShardMerge.Result r = ShardMerge.merge(files, dir.resolve("m.jsonl"));

    assertThat(r.rollouts()).hasSize(10);
    assertThat(RolloutFile.read(dir.resolve("m.jsonl")).problems()).isEmpty();
  }

  @Test
  void aShardWithoutItemsIsStillAShard() throws Exception {
    List<Path> files = shards(7);
    assertThat(RolloutFile.read(files.get(6)).rollouts()).isEmpty();

    assertThat(ShardMerge.merge(files, dir.resolve("m.jsonl")).rollouts()).hasSize(10);
  }
}
