package io.envbook.cli;

import io.envbook.env.Environment;
import io.envbook.model.ChatModel;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.sandbox.SandboxProvider;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code envbook run}: runs groups of rollouts of an environment and writes them to a JSONL file. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run rollouts of an environment and write them to a JSONL file (a second run on the same file resumes).")
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ENV",
      description = "A DSL script (.groovy), a folder holding one, a built-in environment (terminal-test, terminal-bench-2, openthoughts-tblite, yc-bench, hermes-swe), or a Java class implementing io.envbook.env.Environment.")
  String env;

  @Mixin
  EnvOptions envOptions = new EnvOptions();

  @Mixin
  ModelOptions modelOptions = new ModelOptions();

  @Mixin
  SelectionOptions selection = new SelectionOptions();

  @Option(names = {"-n", "--items"}, paramLabel = "N", description = "Number of items to run (default: ${DEFAULT-VALUE}).", defaultValue = "3")
  int items;

  @Option(names = {"-g", "--group"}, paramLabel = "G", description = "Rollouts per item (default: the environment's group size).")
  Integer group;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "C", description = "Rollouts running at once (default: ${DEFAULT-VALUE}).", defaultValue = "8")
  int concurrency;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Rollout file (default: runs/<env>.jsonl, with --shard I/N "
      + "runs/<env>.shard-I-of-N.jsonl).")
  Path out;

  @Option(names = "--fresh", description = "Start a new file instead of resuming the rollouts already in it.")
  boolean fresh;


  @Override
  public Integer call() throws Exception {
    PrintStream stdout = System.out;
    Environment environment = modelOptions.environmentFor(envOptions.load(env));
    ChatModel model = modelOptions.create(environment);
    io.envbook.rollout.Shard shard = selection.shard();
    String name = environment.config().name() + (shard == null ? "" : "." + shard.fileTag());
    Path output = out != null ? out : Path.of("runs", name + ".jsonl");
    if (fresh) {
      Files.deleteIfExists(output);
    }
    try (SandboxProvider sandboxes = envOptions.sandboxes(environment); model) {
      ProgressPrinter progress = ProgressPrinter.forConsole(stdout);
      modelOptions.retries.forwardTo(progress);
      RunSummary summary = selection.apply(RolloutRunner.builder(environment, model))
          .sandboxes(sandboxes)
          .items(selection.ids.isEmpty() ? items : Integer.MAX_VALUE)
          .groupSize(group)
          .concurrency(concurrency)
          .output(output)
          .listener(progress)
          .build()
          .run();
      progress.finish();
      SummaryPrinter.print(summary, model, stdout);
      SummaryPrinter.printJudgeCache(environment, stdout);
      return SummaryPrinter.exitCode(summary);
    }
  }
}
