package io.envbook.cli;

import io.envbook.atropos.ServeLoop;
import io.envbook.atropos.ServeReport;
import io.envbook.atropos.ServeSettings;
import io.envbook.atropos.TrajectoryApi;
import io.envbook.env.Environment;
import io.envbook.model.ChatModel;
import io.envbook.model.token.TokenTracing;
import io.envbook.rollout.GroupRunner;
import io.envbook.sandbox.SandboxProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code envbook serve}: feeds an Atropos trainer through its trajectory API. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve scored groups to an Atropos trainer through its trajectory API (run-api), throttled on its queue.")
final class ServeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ENV")
  String env;

  @Mixin
  EnvOptions envOptions = new EnvOptions();

  @Mixin
  ModelOptions modelOptions = new ModelOptions();

  @Option(names = "--api", paramLabel = "URL", defaultValue = "http://localhost:8000",
      description = "The trajectory API (Atropos run-api) (default: ${DEFAULT-VALUE}).")
  String api;

  @Option(names = {"-n", "--groups"}, paramLabel = "N", defaultValue = "0",
      description = "Stop after N items' groups; 0 serves until stopped or the trainer's steps are done.")
  int groups;

  @Option(names = "--once", description = "Stop at the end of the dataset instead of starting it again (Atropos environments cycle).")
  boolean once;

  @Option(names = "--total-steps", paramLabel = "S", defaultValue = "0",
      description = "Stop once the trainer is S steps in, queued batches counted; 0 takes the trainer's num_steps, -1 never "
          + "(default: ${DEFAULT-VALUE}).")
  int totalSteps;

  @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "On stop (Ctrl-C, SIGTERM), how long running groups may take to finish and be posted (default: ${DEFAULT-VALUE}).")
  int drainSeconds;

  @Option(names = "--unsent", paramLabel = "FILE", defaultValue = "serve-unsent.jsonl",
      description = "Where groups the API refused, or that were not posted by the stop, are kept (default: ${DEFAULT-VALUE}).")
  Path unsent;

  @Option(names = {"-g", "--group"}, paramLabel = "G", description = "Rollouts per group (default: the environment's).")
  Integer groupSize;

  @Option(names = "--max-workers", paramLabel = "W", defaultValue = "8", description = "Groups running at once (default: ${DEFAULT-VALUE}).")
  int maxWorkers;

  @Option(names = "--max-batches-offpolicy", paramLabel = "K", defaultValue = "3",
      description = "Pause while the trainer's queue holds K batches (default: ${DEFAULT-VALUE}).")
  int maxBatchesOffPolicy;

  @Option(names = "--weight", defaultValue = "1.0", description = "Inference weight sent at registration (default: ${DEFAULT-VALUE}).")
  double weight;

  @Option(names = "--max-token-length", defaultValue = "2048", description = "Sent at registration (default: ${DEFAULT-VALUE}).")
  int maxTokenLength;

  @Option(names = "--min-batch-allocation", paramLabel = "F",
      description = "Claim at least this fraction (0-1) of every batch for this environment, as Atropos' min_batch_allocation.")
  Double minBatchAllocation;

  @Option(names = "--steps-per-eval", paramLabel = "S", defaultValue = "100",
      description = "Run the environment's own evaluate every S trainer steps; 0 never (default: ${DEFAULT-VALUE}).")
  int stepsPerEval;

  @Option(names = "--eval-handling", paramLabel = "H", defaultValue = "STOP_TRAIN",
      description = "While evaluating: STOP_TRAIN (no new groups), LIMIT_TRAIN (--eval-limit-ratio of the workers) or NONE "
          + "(default: ${DEFAULT-VALUE}).")
  ServeSettings.EvalHandling evalHandling;

  @Option(names = "--eval-limit-ratio", paramLabel = "R", defaultValue = "0.5",
      description = "Fraction of the workers kept under LIMIT_TRAIN (default: ${DEFAULT-VALUE}).")
  double evalLimitRatio;

  @Option(names = "--send-equal-scores", description = "Also send groups whose rollouts all scored the same.")
  boolean sendEqualScores;

  @Override
  public Integer call() throws Exception {
    if (minBatchAllocation != null && (minBatchAllocation < 0 || minBatchAllocation > 1)) {
      throw new UsageException("--min-batch-allocation is a fraction of a batch: give a number from 0 to 1, not " + minBatchAllocation);
    }
    if (drainSeconds < 0) {
      throw new UsageException("--drain-timeout is a number of seconds, 0 or more, not " + drainSeconds);
    }
    Environment environment = envOptions.load(env);
    ChatModel model = modelOptions.create(environment);
    if (!(model instanceof TokenTracing)) {
      System.out.println("serve: " + model.name() + " is a chat-API model: groups carry placeholder tokens (UTF-8 bytes) and no "
          + "logprobs, which no trainer learns from; for training use --model tokens:NAME (vLLM) or sglang:NAME");
    }
    int size = groupSize != null ? groupSize : environment.config().groupSize();
    ServeSettings settings = ServeSettings.builder(size).groups(groups).maxWorkers(maxWorkers).maxBatchesOffPolicy(maxBatchesOffPolicy)
        .weight(weight).maxTokenLength(maxTokenLength).sendEqualScores(sendEqualScores).minBatchAllocation(minBatchAllocation)
        .stepsPerEval(stepsPerEval).evalHandling(evalHandling).evalLimitRatio(evalLimitRatio).cycle(!once).totalSteps(totalSteps)
        .drainTimeout(Duration.ofSeconds(drainSeconds)).unsentFile(unsent).build();
    CountDownLatch done = new CountDownLatch(1);
    ServeReport report;
    try (SandboxProvider sandboxes = envOptions.sandboxes(environment); model;
        GroupRunner groups = new GroupRunner(environment, model, sandboxes)) {
      ServeLoop loop = new ServeLoop(new TrajectoryApi(api), environment, groups, settings, System.out);
      // On SIGINT/SIGTERM the JVM runs this hook and exits when it returns: it holds the exit until the
      // loop has drained, posted, disconnected and closed the sandboxes below.
      Thread stopper = new Thread(() -> {
        System.out.println("serve: stopping: running groups get up to " + drainSeconds + " s, then scored groups are posted");
        loop.stop();
        try {
          done.await(drainSeconds + 30L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "serve-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      try {
        report = loop.run();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is already stopping: the hook is running and waits for `done`
        }
      }
    } finally {
      System.out.flush();
      done.countDown();
    }
    return report.refused() + report.unsentAtStop() + report.abandoned() > 0 ? 1 : 0;
  }
}
