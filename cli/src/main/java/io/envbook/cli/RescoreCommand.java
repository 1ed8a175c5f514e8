package io.envbook.cli;

import io.envbook.env.Environment;
import io.envbook.rollout.Provenance;
import io.envbook.rollout.Rescorer;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import io.envbook.sandbox.SandboxProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code envbook rescore}: runs an environment's (changed) reward on saved rollouts, without the model. */
@Command(name = "rescore", mixinStandardHelpOptions = true,
    description = "Run the environment's reward again on saved rollouts, without calling the model, and write them with the new rewards.")
final class RescoreCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ENV", description = "The environment whose reward to use.")
  String env;

  @Mixin
  EnvOptions envOptions = new EnvOptions();

  @Parameters(index = "1", paramLabel = "ROLLOUTS", description = "The saved rollout file.")
  Path from;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "Where to write the rescored rollouts.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(from)) {
      throw new UsageException("rollout file " + from + " does not exist");
    }
    if (out.toAbsolutePath().equals(from.toAbsolutePath())) {
      throw new UsageException("--out must differ from the rollout file, so the old rewards are kept");
    }
    Environment environment = envOptions.load(env);
    RolloutFile.Contents contents = RolloutFile.read(from);
    List<Rollout> saved = contents.rollouts();
    Rescorer.Outcome outcome;
    try (SandboxProvider sandboxes = envOptions.sandboxes(environment)) {
      outcome = Rescorer.run(environment, saved, sandboxes);
    }
    List<Rollout> rescored = outcome.rollouts();
    Files.deleteIfExists(out);
    int changed = 0;
    Provenance source = contents.provenance() != null ? contents.provenance() : new Provenance(Map.of(), Map.of(), Map.of());
    try (RolloutFile file = RolloutFile.openForAppend(out, source.withEnvironment(environment))) {
      for (int i = 0; i < rescored.size(); i++) {
        file.append(rescored.get(i));
        if (rescored.get(i).score() != saved.get(i).score()) {
          changed++;
        }
      }
    }
    double before = saved.stream().mapToDouble(Rollout::score).average().orElse(0);
    double after = rescored.stream().mapToDouble(Rollout::score).average().orElse(0);
    System.out.printf(Locale.ROOT, "rescored %d rollouts: %d changed, mean reward %.3f -> %.3f; written %s%n",
        rescored.size(), changed, before, after, out);
    if (outcome.sandboxWarning() != null) {
      System.err.println(outcome.sandboxWarning());
    }
    return 0;
  }
}
