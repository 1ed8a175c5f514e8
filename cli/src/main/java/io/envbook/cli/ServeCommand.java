package io.envbook.cli;

import io.envbook.atropos.ServeLoop;
import io.envbook.atropos.TrajectoryApi;
import io.envbook.env.Environment;
import io.envbook.model.ChatModel;
import io.envbook.rollout.GroupRunner;
import io.envbook.sandbox.SandboxProvider;
import java.util.concurrent.Callable;
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

  @Option(names = {"-n", "--groups"}, paramLabel = "N", defaultValue = "0", description = "Stop after N groups; 0 serves until stopped.")
  int groups;

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
  ServeLoop.EvalHandling evalHandling;

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
    Environment environment = envOptions.load(env);
    ChatModel model = modelOptions.create(environment);
    int size = groupSize != null ? groupSize : environment.config().groupSize();
    try (SandboxProvider sandboxes = envOptions.sandboxes(environment); model) {
      ServeLoop loop = new ServeLoop(new TrajectoryApi(api), environment, new GroupRunner(environment, model, sandboxes),
          new ServeLoop.Settings(groups, size, maxWorkers, maxBatchesOffPolicy, weight, maxTokenLength, sendEqualScores,
              minBatchAllocation, stepsPerEval, evalHandling, evalLimitRatio), System.out);
      Thread stopper = new Thread(loop::stop, "serve-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      loop.run();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already stopping: the hook ran
      }
    }
    return 0;
  }
}
