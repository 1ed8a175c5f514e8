package io.envbook.rollout;

import io.envbook.env.Item;
import io.envbook.util.UserError;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Puts the files of a sharded run ({@code --shard I/N}) back together: the rollouts of every shard,
 * in (item position, sample) order, under the whole run's header (the shard facts removed), so the
 * merged file is what one process would have written, and a run without {@code --shard} resumes it
 * as finished. Each shard file is read once, keeping only where each rollout's last record is, and
 * the records are then copied as they are. Shards that do not make one whole run are refused with
 * {@link Refused}: one missing or given twice, another run's or another N's, another selection, an
 * incomplete one, a rollout in two shards or an item in the wrong shard. Shards may have reached the
 * same model through other servers (each node its own vLLM, say): the merged header lists them all.
 *
 * <pre>{@code
 * ShardMerge.Result r = ShardMerge.merge(List.of(shard0, shard1, shard2), Path.of("runs/all.jsonl"));
 * r.rollouts().size(); // every (item, sample) of the run, without conversations
 * }</pre>
 */
public final class ShardMerge {
  private static final int NAMED = 3;

  private ShardMerge() {}

  /**
   * What a merge wrote: the whole run's provenance, the number of shards and items, and the rollouts
   * in order, without their conversations (messages and token ids) and with only their item's
   * {@code category} field, for metrics.
   */
  public record Result(Provenance provenance, int shards, int items, List<Rollout> rollouts, Path output) {}

  /** Shards that do not make one whole run; the message says which file and what to do. Exit code 2. */
  public static final class Refused extends IllegalArgumentException implements UserError {
    public Refused(String message) {
      super(message);
    }
  }

  public static Result merge(List<Path> inputs, Path output) throws IOException {
    if (inputs.isEmpty()) {
      throw new Refused("no shard files to merge: pass every shard's file");
    }
    List<ShardFile> files = new ArrayList<>();
    for (Path in : inputs) {
      if (!Files.isRegularFile(in)) {
        throw new Refused(in + " does not exist: pass the files the shards wrote");
      }
      if (Files.exists(output) && Files.isSameFile(in, output)) {
        throw new Refused("the merged file " + output + " is one of the shards: write it to another file");
      }
      files.add(ShardFile.scan(in));
    }
    Map<Integer, ShardFile> shards = shardsOf(files);
    Provenance whole = Shard.whole(files.get(0).header(), files.stream().map(ShardFile::header).toList());
    int selected = Integer.parseInt(files.get(0).header().run().get(Shard.SELECTED_FACT));
    int group = Integer.parseInt(whole.run().getOrDefault("group_size", "1"));
    List<Map.Entry<RolloutKey, ShardFile>> order = ordered(shards, selected, group);
    String digest = files.get(0).header().run().get(Shard.DIGEST_FACT);
    Map<Integer, Item> items = new LinkedHashMap<>();
    order.forEach(e -> items.putIfAbsent(e.getKey().itemIndex(), Item.of(e.getKey().itemId(), Map.of())));
    if (!Shard.digest(items).equals(digest)) {
      throw new Refused("the shards hold other items than their run selected: were their files edited? Run the shards again with --fresh");
    }
    return new Result(whole, shards.size(), items.size(), write(whole, order, output), output);
  }

  /** The shards by index, after checking that they are all there, once, of one run and one selection. */
  private static Map<Integer, ShardFile> shardsOf(List<ShardFile> files) {
    ShardFile first = files.get(0);
    Map<Integer, ShardFile> byIndex = new TreeMap<>();
    Shard firstShard = null;
    for (ShardFile f : files) {
      Shard s = shardOf(f);
      firstShard = firstShard == null ? s : firstShard;
      if (s.count() != firstShard.count()) {
        throw new Refused(f.path() + " is shard " + s + " but " + first.path() + " is shard " + firstShard
            + ": merge the shards of one run, split into the same number of shards");
      }
      ShardFile twin = byIndex.put(s.index(), f);
      if (twin != null) {
        throw new Refused(twin.path() + " and " + f.path() + " are both shard " + s + ": pass each shard's file once");
      }
      List<String> differences = Shard.withoutServers(Shard.whole(f.header())).differencesFrom(Shard.withoutServers(Shard.whole(first.header())));
      if (!differences.isEmpty()) {
        String more = differences.size() > NAMED ? "; and " + (differences.size() - NAMED) + " more" : "";
        throw new Refused(f.path() + " is a shard of another run than " + first.path() + " ("
            + String.join("; ", differences.subList(0, Math.min(NAMED, differences.size()))) + more + "): merge the shards of one run");
      }
      Map<String, String> run = f.header().run();
      Map<String, String> firstRun = first.header().run();
      if (!run.get(Shard.SELECTED_FACT).equals(firstRun.get(Shard.SELECTED_FACT))
          || !Objects.equals(run.get(Shard.DIGEST_FACT), firstRun.get(Shard.DIGEST_FACT))) {
        String n = run.get(Shard.SELECTED_FACT);
        String n0 = firstRun.get(Shard.SELECTED_FACT);
        throw new Refused(f.path() + " is a shard of a run of " + (n.equals(n0) ? "other items than " + first.path() + " (" + n + " each)"
            : n + " items, " + first.path() + " of " + n0) + ": run every shard with the same -n, --item and --items-matching");
      }
    }
    int count = firstShard.count();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!byIndex.containsKey(i)) {
        missing.add(i + "/" + count);
      }
    }
    if (!missing.isEmpty()) {
      String given = byIndex.keySet().stream().map(i -> i + "/" + count).collect(Collectors.joining(", "));
      throw new Refused((missing.size() == 1 ? "shard " + missing.get(0) + " is" : "shards " + String.join(", ", missing) + " are")
          + " missing (given " + given + "): pass every shard's file, running a missing one first with --shard " + missing.get(0));
    }
    return byIndex;
  }

  private static Shard shardOf(ShardFile f) {
    try {
      Shard s = Shard.of(f.header());
      if (s != null && f.header().run().containsKey(Shard.SELECTED_FACT)) {
        return s;
      }
    } catch (IllegalArgumentException unreadable) {
      // a header whose shard is not I/N: not a shard file envbook wrote
    }
    throw new Refused(f.path() + " is not a shard's file (its header records no shard): merge takes the files that"
        + " `run --shard I/N` or `eval --shard I/N` wrote");
  }

  /**
   * Every rollout with the shard that holds it, in (item position, sample) order, after checking that
   * no rollout is in two shards, that each shard is complete, and that each item is in its shard.
   */
  private static List<Map.Entry<RolloutKey, ShardFile>> ordered(Map<Integer, ShardFile> shards, int selected, int group) {
    Map<RolloutKey, ShardFile> owner = new HashMap<>();
    for (ShardFile f : shards.values()) {
      for (RolloutKey key : f.records().keySet()) {
        if (key.sample() < 0 || key.sample() >= group) {
          throw new Refused(f.path() + " holds sample " + key.sample() + " of item `" + key.itemId() + "`, but its run takes " + group
              + " per item: was the file edited? Run this shard again with --fresh");
        }
        ShardFile other = owner.put(key, f);
        if (other != null) {
          throw new Refused("sample " + key.sample() + " of item `" + key.itemId() + "` (position " + key.itemIndex() + ") is in both "
              + other.path() + " and " + f.path() + ": a rollout belongs to one shard; were shard files copied into each other?");
        }
      }
    }
    shards.forEach((index, f) -> {
      Shard s = Shard.of(f.header());
      int expected = s.itemsOf(selected) * group;
      if (f.records().size() < expected) {
        throw new Refused(f.path() + " is incomplete: it holds " + f.records().size() + " of its " + expected + " rollouts ("
            + s.itemsOf(selected) + " items x " + group + " samples); run its command again (same --shard " + s
            + ") to finish it, then merge");
      }
    });
    List<Map.Entry<RolloutKey, ShardFile>> order = new ArrayList<>(owner.entrySet());
    order.sort(Comparator.comparingInt((Map.Entry<RolloutKey, ShardFile> e) -> e.getKey().itemIndex())
        .thenComparingInt(e -> e.getKey().sample()));
    Map<Integer, Integer> rank = new HashMap<>();
    order.forEach(e -> rank.putIfAbsent(e.getKey().itemIndex(), rank.size()));
    for (Map.Entry<RolloutKey, ShardFile> e : order) {
      Shard holder = Shard.of(e.getValue().header());
      int belongs = rank.get(e.getKey().itemIndex()) % holder.count();
      if (belongs != holder.index()) {
        throw new Refused(e.getValue().path() + " (shard " + holder + ") holds item `" + e.getKey().itemId() + "`, which belongs to shard "
            + belongs + "/" + holder.count() + ": were shard files edited or mixed up? Run the shards again with --fresh");
      }
    }
    return order;
  }

  /** Writes the header and copies each record as it is, to a temporary file moved onto {@code output} at the end. */
  private static List<Rollout> write(Provenance whole, List<Map.Entry<RolloutKey, ShardFile>> order, Path output) throws IOException {
    io.envbook.util.FilePaths.createParents(output);
    Path partial = output.resolveSibling(output.getFileName() + ".merging");
    Map<ShardFile, FileChannel> channels = new java.util.IdentityHashMap<>(); // a ShardFile record hashes all its records
    List<Rollout> rollouts = new ArrayList<>(order.size());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
      out.write((io.envbook.json.Json.write(whole.toJson()) + "\n").getBytes(StandardCharsets.UTF_8));
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      for (Map.Entry<RolloutKey, ShardFile> e : order) {
        ShardFile.Record r = e.getValue().records().get(e.getKey());
        FileChannel ch = channels.get(e.getValue());
        if (ch == null) {
          ch = FileChannel.open(e.getValue().path());
          channels.put(e.getValue(), ch);
        }
        if (buf.capacity() < r.length()) {
          buf = ByteBuffer.allocate(r.length());
        }
        buf.clear().limit(r.length());
        while (buf.hasRemaining() && ch.read(buf, r.offset() + buf.position()) > 0) {
          // reading the record's bytes
        }
        out.write(buf.array(), 0, buf.position());
        rollouts.add(r.rollout());
      }
    } finally {
      for (FileChannel ch : channels.values()) {
        ch.close();
      }
    }
    Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return rollouts;
  }
}
