package io.envbook.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code envbook eval --slurm --shards N}: the eval as a Slurm job array, one shard per task. */
final class SlurmOptions {
  /** The options a task of the array does not get: it gets {@code --shard} and its own {@code --out} instead. */
  static final List<String> SUBMITTER_ONLY = List.of("--slurm", "--shards", "--sbatch-arg", "--dry-run", "--out");

  @Option(names = "--slurm",
      description = "Run the eval as a Slurm job array of --shards tasks (sbatch), wait for it and merge the shards; "
          + "submitted again, only unfinished samples run.")
  boolean slurm;

  @Option(names = "--shards", paramLabel = "N", description = "With --slurm: how many shards, one array task each.")
  Integer shards;

  @Option(names = "--sbatch-arg", paramLabel = "ARG",
      description = "With --slurm: an #SBATCH line of the batch script, verbatim, e.g. --sbatch-arg=--partition=cpu (repeatable).")
  List<String> sbatchArgs = new ArrayList<>();

  @Option(names = "--dry-run", description = "With --slurm: print the batch script and submit nothing.")
  boolean dryRun;

  /** Refuses options that only mean something with {@code --slurm} when it is missing, and {@code --slurm} without {@code --shards}. */
  void check() {
    if (!slurm) {
      String stray = shards != null ? "--shards" : !sbatchArgs.isEmpty() ? "--sbatch-arg" : dryRun ? "--dry-run" : null;
      if (stray != null) {
        throw new UsageException(stray + " goes with --slurm: add --slurm to run the eval as a Slurm job array"
            + (shards != null ? " (or --shard I/N to run one shard here)" : ""));
      }
      return;
    }
    if (shards == null) {
      throw new UsageException("--slurm needs --shards N: how many array tasks to split the eval into, e.g. --shards 4");
    }
    if (shards < 1 || shards > 10_000) {
      throw new UsageException("--shards " + shards + " is out of range: give from 1 to 10000 array tasks");
    }
  }
}
