package io.envbook.cli;

import io.envbook.env.Environment;
import io.envbook.env.EvalReport;
import io.envbook.eval.BenchmarkMetrics;
import io.envbook.eval.EvalMerge;
import io.envbook.eval.MetricsFile;
import io.envbook.model.ChatModel;
import io.envbook.rollout.GroupRunner;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.rollout.Shard;
import io.envbook.rollout.TokenTotals;
import io.envbook.sandbox.SandboxProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code envbook eval}: a benchmark run. Every item (or the first {@code -n}), {@code --epochs}
 * samples each, then mean reward with its standard error, pass@k and a per-category breakdown,
 * written as Atropos' {@code metrics.json} and {@code samples.jsonl}. Started again on the same
 * folder, it resumes.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Benchmark an environment: several samples per item, pass@k, mean reward ± s.e., per category; resumable.")
final class EvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ENV", description = "A DSL script, a folder holding one, a built-in environment, or a class.")
  String env;

  @Mixin
  EnvOptions envOptions = new EnvOptions();

  @Mixin
  ModelOptions modelOptions = new ModelOptions();

  @Mixin
  SelectionOptions selection = new SelectionOptions();

  @Option(names = {"-n", "--items"}, paramLabel = "N", description = "Evaluate only the first N items (default: all).")
  Integer items;

  @Option(names = {"-e", "--epochs"}, paramLabel = "K", defaultValue = "1", description = "Samples per item (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--pass-threshold", paramLabel = "R", defaultValue = "1.0",
      description = "A sample passes when its reward is at least R (default: ${DEFAULT-VALUE}).")
  double passThreshold;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "C", defaultValue = "8",
      description = "Samples running at once: a cap on concurrent model calls and sandboxes (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder (default: evals/<env>, with --shard I/N "
      + "evals/<env>/shard-I-of-N).")
  Path out;

  @Option(names = "--fresh", description = "Start the samples over instead of resuming the ones already in the output folder.")
  boolean fresh;

  @Mixin
  SlurmOptions slurm = new SlurmOptions();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    slurm.check();
    Environment environment = modelOptions.environmentFor(envOptions.load(env));
    Shard shard = selection.shard();
    if (slurm.slurm && shard != null) {
      throw new UsageException("--slurm runs every shard itself: leave out --shard " + selection.shardSpec);
    }
    Path dir = out != null ? out : shard == null ? Path.of("evals", environment.config().name())
        : Path.of("evals", environment.config().name(), shard.fileTag());
    if (slurm.slurm) {
      return onSlurm(environment, dir);
    }
    ChatModel model = modelOptions.create(environment);
    Instant start = Instant.now();
    if (fresh) {
      java.nio.file.Files.deleteIfExists(dir.resolve("samples.jsonl"));
    }
    try (SandboxProvider sandboxes = envOptions.sandboxes(environment); model) {
      ProgressPrinter progress = ProgressPrinter.forConsole(System.out);
      modelOptions.retries.forwardTo(progress);
      RunSummary s = selection.apply(RolloutRunner.builder(environment, model)).sandboxes(sandboxes)
          .items(items == null ? Integer.MAX_VALUE : items).groupSize(epochs).concurrency(concurrency)
          .output(dir.resolve("samples.jsonl")).listener(progress).build().run();
      progress.finish();
      BenchmarkMetrics m = BenchmarkMetrics.of(s.rollouts(), BenchmarkMetrics.passKs(epochs), passThreshold,
          BenchmarkMetrics::categoryField);
      // the environment's own evaluate is one whole-run step: of a sharded run, shard 0 runs it
      EvalReport own = EvalReport.NONE;
      if (shard == null || shard.index() == 0) {
        try (GroupRunner groups = new GroupRunner(environment, model, sandboxes)) {
          own = environment.evaluate(groups.evalRunner());
        }
      }
      MetricsFile.write(dir.resolve("metrics.json"), environment.config().name(),
          MetricsFile.general(model.name(), Duration.between(start, Instant.now()), environment.config()), m, own.metrics(), s.tokens(),
          shard == null ? null : EvalMerge.shardFacts(shard, passThreshold, own.metrics()));
      print(s, m, model, dir, own);
      SummaryPrinter.printJudgeCache(environment, System.out);
      int oracleFailures = model.name().equals(io.envbook.env.OracleAgent.NAME) ? reportOracleFailures(s.rollouts()) : 0;
      return s.lost() != 0 ? SummaryPrinter.exitCode(s) : oracleFailures > 0 ? 1 : 0;
    }
  }

  /** The eval as a Slurm job array: its script printed (--dry-run), or submitted, waited for and merged into {@code dir}. */
  private int onSlurm(Environment environment, Path dir) throws Exception {
    SlurmEval slurmEval = new SlurmEval(SlurmEval.script(spec, slurm, environment.config().name(), dir), System.out);
    if (slurm.dryRun) {
      return slurmEval.dryRun();
    }
    String job = slurmEval.submitAndWait();
    if (job == null) {
      return 1;
    }
    EvalMerge.Result r = slurmEval.merge();
    try (ChatModel model = modelOptions.create(environment)) {
      BenchmarkMetrics m = r.metrics();
      print(environment.config().name() + " on " + model.name() + (model.builtIn() ? " (built-in offline model)" : "")
          + ", " + slurm.shards + " shards on Slurm (job " + job + ")", m,
          String.format(Locale.ROOT, "samples %d, failed %d, time %.1f s (the longest shard)", m.samples(), m.failed(), r.seconds()),
          TokenTotals.of(r.samples().rollouts()), r.envMetrics(), dir, model);
      boolean oracle = model.name().equals(io.envbook.env.OracleAgent.NAME);
      return oracle && reportOracleFailures(r.samples().rollouts()) > 0 ? 1 : 0;
    }
  }

  private static void print(RunSummary s, BenchmarkMetrics m, ChatModel model, Path dir, EvalReport own) {
    print(s.env() + " on " + s.model() + (model.builtIn() ? " (built-in offline model)" : ""), m,
        String.format(Locale.ROOT, "samples %d (%d resumed), failed %d, time %.1f s", m.samples(), s.resumed(), m.failed(), s.wallMs() / 1000.0),
        s.tokens(), own.metrics(), dir, model);
  }

  /** The summary table: the title line, a row per category, the counts line, tokens, the environment's own metrics, what was written. */
  private static void print(String title, BenchmarkMetrics m, String counts, TokenTotals tokens, java.util.Map<String, Double> own, Path dir,
      ChatModel model) {
    System.out.println();
    System.out.println(title);
    System.out.printf(Locale.ROOT, "  %-22s %6s %8s %8s", "", "items", "mean", "± s.e.");
    m.passAtK().keySet().forEach(k -> System.out.printf(Locale.ROOT, " %8s", "pass@" + k));
    System.out.println();
    row("all", m);
    m.categories().forEach(EvalCommand::row);
    System.out.println("  " + counts);
    SummaryPrinter.printTokens(tokens, System.out);
    SummaryPrinter.printCache(model, System.out);
    if (!own.isEmpty()) {
      System.out.println("  the environment's own evaluate:");
      own.forEach((k, v) -> System.out.printf(Locale.ROOT, "    %-30s %8.3f%n", k, v));
    }
    System.out.println("  written " + dir.resolve("metrics.json") + " and " + dir.resolve("samples.jsonl"));
  }

  /** Names the items the oracle did not solve: their tests, solution or sandbox are broken here. Returns how many. */
  private int reportOracleFailures(List<io.envbook.rollout.Rollout> rollouts) {
    List<io.envbook.rollout.Rollout> failed = rollouts.stream()
        .filter(r -> r.error() != null || r.reward().value() < passThreshold).toList();
    if (failed.isEmpty()) {
      System.out.println("  the oracle solved every task: the task set is ready for a model");
      return 0;
    }
    long items = rollouts.stream().map(io.envbook.rollout.Rollout::itemId).distinct().count();
    System.out.println("  the oracle failed " + failed.size() + " of " + rollouts.size() + " samples (" + items
        + " tasks); fix these before spending model calls on them:");
    for (io.envbook.rollout.Rollout r : failed) {
      String why = r.error() != null ? r.error() : "reward " + r.reward().value()
          + (r.reward().explanation() == null ? "" : ": " + r.reward().explanation());
      System.out.println("    " + r.itemId() + ": " + why);
    }
    return failed.size();
  }

  private static void row(String name, BenchmarkMetrics m) {
    System.out.printf(Locale.ROOT, "  %-22s %6d %8.3f %8.3f", name, m.items(), m.meanReward(), m.stderr());
    m.passAtK().values().forEach(v -> System.out.printf(Locale.ROOT, " %8.3f", v));
    System.out.println();
  }
}
