package io.envbook.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The batch script of a Slurm job array that runs an eval in shards: task {@code I} of {@code 0..N-1}
 * runs the same envbook command line with {@code --shard I/N} and writes the shard's folder
 * {@code <eval dir>/shard-I-of-N}, its stdout and stderr going to {@code <eval dir>/slurm/shard-I.out}
 * and {@code .err}. The lines the user passes with {@code --sbatch-arg} go into the header verbatim.
 *
 * @param jobName Slurm's job name
 * @param shards how many array tasks (shards)
 * @param workDir the folder every task starts in (the submitter's), so relative paths mean the same
 * @param evalDir the eval's output folder: the shards' folders and the merged result go there
 * @param sbatchArgs extra {@code #SBATCH} options, verbatim
 * @param command the envbook command line without {@code --shard} and {@code --out}: java, its options, the main class, "eval", the arguments
 */
record SlurmScript(String jobName, int shards, Path workDir, Path evalDir, List<String> sbatchArgs, List<String> command) {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  SlurmScript {
    Objects.requireNonNull(jobName, "jobName");
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, not " + shards);
    }
    workDir = workDir.toAbsolutePath().normalize();
    evalDir = workDir.resolve(evalDir).normalize();
    sbatchArgs = List.copyOf(sbatchArgs);
    command = List.copyOf(command);
  }

  /** Where the batch scripts, and the tasks' stdout and stderr, go. */
  Path logDir() {
    return evalDir.resolve("slurm");
  }

  /** The folder shard {@code index} writes. */
  Path shardDir(int index) {
    return evalDir.resolve(shardName(index, shards));
  }

  /** The file task {@code index}'s stderr goes to (where envbook says what went wrong). */
  Path errorLog(int index) {
    return logDir().resolve("shard-" + index + ".err");
  }

  static String shardName(int index, int count) {
    return "shard-" + index + "-of-" + count;
  }

  /** The script's text, for {@code sbatch} or for the reader of {@code --dry-run}. */
  String text() {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/bash");
    lines.add("# envbook eval in " + shards + " shards as a Slurm job array, written by envbook eval --slurm.");
    lines.add("# Task I runs shard I/" + shards + " into " + evalDir.resolve("shard-I-of-" + shards)
        + "; envbook merges the shards when all are done (envbook merge, to do it by hand).");
    lines.add("#SBATCH --job-name=" + quote(jobName));
    lines.add("#SBATCH --array=0-" + (shards - 1));
    lines.add("#SBATCH --chdir=" + quote(workDir.toString()));
    lines.add("#SBATCH --output=" + quote(logDir().resolve("shard-%a.out").toString()));
    lines.add("#SBATCH --error=" + quote(logDir().resolve("shard-%a.err").toString()));
    sbatchArgs.forEach(a -> lines.add("#SBATCH " + a));
    lines.add("");
    StringBuilder run = new StringBuilder("exec");
    command.forEach(c -> run.append(' ').append(quote(c)));
    run.append(" --shard \"$SLURM_ARRAY_TASK_ID/").append(shards).append('"');
    run.append(" --out ").append(quote(evalDir.toString())).append("/shard-\"$SLURM_ARRAY_TASK_ID\"-of-").append(shards);
    lines.add(run.toString());
    return String.join("\n", lines) + "\n";
  }

  /** {@code s} as one shell word: as it is when that is safe, else in single quotes. */
  static String quote(String s) {
    return PLAIN.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
