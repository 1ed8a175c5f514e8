package io.envbook.bench;

import io.envbook.env.Item;
import io.envbook.env.Reward;
import io.envbook.loop.StopReason;
import io.envbook.model.Message;
import io.envbook.model.ToolCall;
import io.envbook.model.Usage;
import io.envbook.rollout.Provenance;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import io.envbook.rollout.Shard;
import io.envbook.rollout.ShardMerge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Time and memory of {@code envbook merge} (not a test). {@code write DIR SHARDS ROLLOUTS} writes
 * SHARDS shard files of ROLLOUTS rollouts each (4 samples per item, a six-message conversation of
 * about 2.5 kB, each shard's rollouts in a shuffled order as concurrent rollouts finish, one retried
 * record in 50); {@code merge DIR SHARDS} merges them as {@code envbook merge} does and prints the
 * time. Run the merge under {@code /usr/bin/time -v} for its peak RSS.
 *
 * <pre>
 * java -cp ... io.envbook.bench.ShardMergeBenchmark write /tmp/shards 4 10000
 * /usr/bin/time -v java -cp ... io.envbook.bench.ShardMergeBenchmark merge /tmp/shards 4
 * </pre>
 */
public final class ShardMergeBenchmark {
  private static final int SAMPLES = 4;

  private ShardMergeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    int shards = Integer.parseInt(args[2]);
    if (args[0].equals("write")) {
      write(dir, shards, Integer.parseInt(args[3]));
      return;
    }
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      files.add(dir.resolve("shard-" + i + ".jsonl"));
    }
    long t0 = System.nanoTime();
    ShardMerge.Result r = ShardMerge.merge(files, dir.resolve("merged.jsonl"));
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "merged %,d rollouts of %,d items from %d shards (%.1f MB) in %.2f s%n", r.rollouts().size(), r.items(),
        shards, Files.size(dir.resolve("merged.jsonl")) / 1e6, s);
  }

  private static void write(Path dir, int shards, int perShard) throws Exception {
    Files.createDirectories(dir);
    int items = shards * perShard / SAMPLES;
    Map<Integer, Item> selected = new LinkedHashMap<>();
    for (int i = 0; i < items; i++) {
      selected.put(i, Item.of("task-" + i, Map.of("category", "c" + i % 7)));
    }
    Provenance whole = new Provenance(Map.of("name", "bench"), Map.of("name", "scripted"), Map.of("group_size", "" + SAMPLES));
    Random random = new Random(42);
    String filler = "x".repeat(300);
    for (int s = 0; s < shards; s++) {
      Shard shard = new Shard(s, shards);
      List<int[]> keys = new ArrayList<>();
      shard.select(selected).keySet().forEach(i -> {
        for (int k = 0; k < SAMPLES; k++) {
          keys.add(new int[] {i, k});
        }
      });
      Collections.shuffle(keys, random);
      try (RolloutFile out = RolloutFile.openForAppend(dir.resolve("shard-" + s + ".jsonl"), shard.record(whole, selected))) {
        for (int[] key : keys) {
          if (random.nextInt(50) == 0) {
            out.append(rollout(key[0], key[1], filler, "the model server failed"));
          }
          out.append(rollout(key[0], key[1], filler, null));
        }
      }
    }
  }

  private static Rollout rollout(int item, int sample, String filler, String error) {
    List<Message> messages = List.of(Message.system("You are an agent. " + filler), Message.user("Task " + item + ": " + filler),
        Message.assistant("", List.of(new ToolCall("call_" + item + "_" + sample, "terminal", "{\"command\":\"ls -la /app\"}"))),
        Message.tool("call_" + item + "_" + sample, filler + filler).withName("terminal"), Message.assistant("Looked. " + filler),
        Message.assistant("Done."));
    return new Rollout("bench", "scripted", item, "task-" + item, sample, Map.of("category", "c" + item % 7, "prompt", filler), messages,
        Reward.of((item + sample) % 3 / 2.0), 3, StopReason.NATURAL, List.of(), new Usage(1200, 80), Instant.parse("2026-12-03T07:00:00Z"),
        4200, 30, error);
  }
}
