package io.envbook.rollout;

import io.envbook.env.Item;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One part of a run split over several processes or machines: shard {@code index} of {@code count},
 * counting from 0 (so Slurm's {@code SLURM_ARRAY_TASK_ID} passes straight). The k-th selected item,
 * in dataset order, belongs to shard {@code k mod count}, with all its samples, so a group is never
 * split. {@link ShardMerge} puts the shards' files back together.
 *
 * <pre>{@code
 * Shard s = Shard.parse("1/4");   // the second of four
 * s.takes(5);                     // true: items 1, 5, 9, ... of the selection
 * s.itemsOf(10);                  // 3
 * }</pre>
 */
public record Shard(int index, int count) {
  /** The run fact naming the shard ({@code "1/4"}). */
  public static final String FACT = "shard";
  /** The run fact holding how many items the whole run selected. */
  public static final String SELECTED_FACT = "selected_items";
  /** The run fact holding a digest of the whole run's selection (positions and ids). */
  public static final String DIGEST_FACT = "selection_digest";

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("--shard " + index + "/" + count + ": the number of shards must be at least 1, e.g. --shard 0/4");
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("--shard " + index + "/" + count + " names no shard: the index counts from 0, so with "
          + count + " shard" + (count == 1 ? "" : "s") + " it is 0 to " + (count - 1) + " (--shard " + (count - 1) + "/" + count
          + " is the last)");
    }
  }

  /** Reads {@code I/N}; anything else is refused with a sentence that shows the form. */
  public static Shard parse(String text) {
    String t = text == null ? "" : text.strip();
    int slash = t.indexOf('/');
    if (slash > 0 && t.substring(0, slash).matches("-?\\d{1,9}") && t.substring(slash + 1).matches("-?\\d{1,9}")) {
      return new Shard(Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
    }
    throw new IllegalArgumentException("--shard takes I/N, the shard's index counting from 0 and the number of shards, e.g. --shard 0/4"
        + " for the first of four; got `" + text + "`");
  }

  /** True when the {@code k}-th selected item (from 0, in dataset order) belongs to this shard. */
  public boolean takes(int k) {
    return k % count == index;
  }

  /** How many of {@code selected} items this shard takes. */
  public int itemsOf(int selected) {
    return selected / count + (index < selected % count ? 1 : 0);
  }

  /** The items of the whole run's {@code selected} ones (by dataset position, in dataset order) that this shard runs. */
  public <T> Map<Integer, T> select(Map<Integer, T> selected) {
    Map<Integer, T> mine = new LinkedHashMap<>();
    int k = 0;
    for (Map.Entry<Integer, T> e : selected.entrySet()) {
      if (takes(k++)) {
        mine.put(e.getKey(), e.getValue());
      }
    }
    return mine;
  }

  /**
   * What a shard's file records beyond the whole run's provenance: this shard, and how many items the
   * whole run selected and which (a digest), so that a file is resumed and merged only as this shard of
   * this run.
   */
  public Provenance record(Provenance whole, Map<Integer, Item> selected) {
    return whole.withRun(FACT, toString()).withRun(SELECTED_FACT, Integer.toString(selected.size()))
        .withRun(DIGEST_FACT, digest(selected));
  }

  /** The shard a file's provenance records, or {@code null} for a whole run's file. */
  public static Shard of(Provenance p) {
    String fact = p == null ? null : p.run().get(FACT);
    return fact == null ? null : parse(fact);
  }

  /** The whole run's provenance: {@code p} without what {@link #record} added. */
  public static Provenance whole(Provenance p) {
    return p.withoutRun(FACT, SELECTED_FACT, DIGEST_FACT);
  }

  /** The model facts that name where the model was reached, not what it is: shards may differ in them. */
  private static final java.util.List<String> SERVER_FACTS = java.util.List.of("servers", "server");

  /**
   * The whole run's provenance from all its shards' headers: {@code first}'s, with the model's servers
   * of every shard listed (sorted, once each), as one process calling them all would record them.
   */
  public static Provenance whole(Provenance first, java.util.List<Provenance> shards) {
    Provenance p = whole(first);
    Map<String, String> model = new LinkedHashMap<>(p.model());
    for (String fact : SERVER_FACTS) {
      java.util.TreeSet<String> all = new java.util.TreeSet<>();
      for (Provenance s : shards) {
        String v = s.model().get(fact);
        if (v != null) {
          java.util.Arrays.stream(v.split(", ")).filter(u -> !u.isBlank()).forEach(all::add);
        }
      }
      if (model.containsKey(fact)) {
        model.put(fact, String.join(", ", all));
      }
    }
    return new Provenance(p.environment(), model, p.run());
  }

  /** {@code p} without the model's servers, for telling shards of one run from another run's. */
  static Provenance withoutServers(Provenance p) {
    Map<String, String> model = new LinkedHashMap<>(p.model());
    SERVER_FACTS.forEach(model::remove);
    return new Provenance(p.environment(), model, p.run());
  }

  /** The first 16 hex digits of SHA-256 over the selected items' positions and ids, one {@code position id} a line. */
  static String digest(Map<Integer, Item> selected) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      selected.forEach((position, item) -> sha.update((position + " " + item.id() + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** {@code shard-1-of-4}: the part of a default output name that tells shards apart. */
  public String fileTag() {
    return String.format(Locale.ROOT, "shard-%d-of-%d", index, count);
  }

  /** {@code 1/4}, as {@code --shard} takes it and a rollout file's header records it. */
  @Override
  public String toString() {
    return index + "/" + count;
  }
}
