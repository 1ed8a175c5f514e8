package io.envbook.cli;

import io.envbook.rollout.ItemSelection;
import io.envbook.rollout.RolloutRunner;
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

  RolloutRunner.Builder apply(RolloutRunner.Builder b) {
    try {
      return b.seed(seed).select(ItemSelection.of(ids, matching));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--items-matching " + e.getMessage());
    }
  }
}
