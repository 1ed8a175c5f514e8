package io.envbook.cli;

import io.envbook.rollout.ItemSelection;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.Shard;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose which items run and with what seed. */
final class SelectionOptions {
  @Option(names = "--seed", paramLabel = "N",
      description = "The run's seed: each rollout sends a seed of its own, from N, its item and its sample, and records it.")
  Long seed;

  @Option(names = "--item", paramLabel = "ID", description = "Run only the item with this id (repeatable).")
  List<String> ids = new ArrayList<>();

  @Option(names = "--items-matching", paramLabel = "EXPR",
      description = "Run only items whose id matches the regular expression EXPR, or, as FIELD=REGEX, whose field matches.")
  String matching;

  @Option(names = "--shard", paramLabel = "I/N",
      description = "Run only shard I of N (I from 0, as Slurm's SLURM_ARRAY_TASK_ID): the selected items k with k mod N = I, all their "
          + "samples, in a file of the shard's own; `envbook merge` puts the shards together.")
  String shardSpec;

  /** The shard {@code --shard} names, or {@code null} for the whole run. */
  Shard shard() {
    if (shardSpec == null) {
      return null;
    }
    try {
      return Shard.parse(shardSpec);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  RolloutRunner.Builder apply(RolloutRunner.Builder b) {
    Shard shard = shard();
    try {
      return b.seed(seed).select(ItemSelection.of(ids, matching)).shard(shard);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--items-matching " + e.getMessage());
    }
  }
}
