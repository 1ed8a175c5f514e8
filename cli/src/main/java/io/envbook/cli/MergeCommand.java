package io.envbook.cli;

import io.envbook.eval.EvalMerge;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.ShardMerge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code envbook merge}: puts the shards of a run ({@code run --shard I/N} files) or of a benchmark
 * ({@code eval --shard I/N} folders) together, into what one process would have written.
 *
 * <pre>
 * envbook merge -o runs/x.jsonl runs/x.shard-*-of-4.jsonl
 * envbook merge -o evals/x evals/x/shard-*-of-4
 * </pre>
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = "Merge the shards of a run (the files of run --shard I/N) or of a benchmark (the folders of eval --shard I/N) into the "
        + "rollout file, or samples.jsonl and metrics.json, that one process would have written.")
final class MergeCommand implements Callable<Integer> {
  @Option(names = {"-o", "--out"}, paramLabel = "OUT", required = true,
      description = "The merged rollout file, or for benchmark folders the merged folder.")
  Path out;

  @Parameters(paramLabel = "SHARD", arity = "1..*", description = "Every shard's rollout file, or every shard's eval folder.")
  List<Path> shards;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    boolean folders = kindOf(shards.get(0));
    for (Path p : shards) {
      if (kindOf(p) != folders) {
        throw new UsageException(p + " is a " + (folders ? "file" : "folder") + " but " + shards.get(0) + " a " + (folders ? "folder" : "file")
            + ": merge either the rollout files of run --shard or the folders of eval --shard");
      }
    }
    double seconds;
    if (folders) {
      EvalMerge.Result r = EvalMerge.merge(shards, out);
      seconds = (System.nanoTime() - t0) / 1e9;
      print(r.samples(), seconds);
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  mean reward %.3f ± %.3f", r.metrics().meanReward(),
          r.metrics().stderr()));
      r.metrics().passAtK().forEach((k, v) -> line.append(String.format(Locale.ROOT, ", pass@%d %.3f", k, v)));
      System.out.println(line);
      System.out.println("  written " + out.resolve("metrics.json") + " and " + out.resolve("samples.jsonl"));
    } else {
      ShardMerge.Result r = ShardMerge.merge(shards, out);
      print(r, (System.nanoTime() - t0) / 1e9);
      System.out.println("  written " + out);
    }
    return 0;
  }

  /** True for a folder, false for a file; a path that is neither is a mistake. */
  private static boolean kindOf(Path p) {
    if (Files.isDirectory(p)) {
      return true;
    }
    if (Files.isRegularFile(p)) {
      return false;
    }
    throw new UsageException(p + " does not exist: pass the files (run --shard) or folders (eval --shard) the shards wrote");
  }

  private static void print(ShardMerge.Result r, double seconds) {
    List<Rollout> all = r.rollouts();
    long failed = all.stream().filter(x -> !x.ok()).count();
    double mean = all.stream().mapToDouble(Rollout::score).average().orElse(0);
    System.out.printf(Locale.ROOT, "merged %d shards of %s: %d rollouts of %d items, %d failed, mean reward %.3f (%.1f s)%n", r.shards(),
        r.provenance().environment().get("name"), all.size(), r.items(), failed, mean, seconds);
  }
}
