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

  @Option(names = "--send-equal-scores", description = "Also send groups whose rollouts all scored the same.")
  boolean sendEqualScores;

  @Override
  public Integer call() throws Exception {
    Environment environment = envOptions.load(env);
    ChatModel model = modelOptions.create(environment);
    int size = groupSize != null ? groupSize : environment.config().groupSize();
    try (SandboxProvider sandboxes = envOptions.sandboxes(environment); model) {
      ServeLoop loop = new ServeLoop(new TrajectoryApi(api), environment, new GroupRunner(environment, model, sandboxes),
          new ServeLoop.Settings(groups, size, maxWorkers, maxBatchesOffPolicy, weight, maxTokenLength, sendEqualScores), System.out);
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
