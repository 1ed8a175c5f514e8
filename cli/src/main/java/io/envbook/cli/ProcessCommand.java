package io.envbook.cli;

import io.envbook.atropos.ScoredDataGroups;
import io.envbook.env.Environment;
import io.envbook.json.Json;
import io.envbook.model.ChatModel;
import io.envbook.report.HtmlReport;
import io.envbook.rollout.RolloutGroup;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.sandbox.SandboxProvider;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code envbook process}: Atropos' offline mode. Runs groups and writes them as ScoredDataGroup JSONL
 * (one group a line) plus a self-contained HTML report beside it. The rollouts themselves go to
 * {@code <out>.rollouts.jsonl}, so a second run resumes.
 */
@Command(name = "process", mixinStandardHelpOptions = true,
    description = "Run groups and write them as Atropos ScoredDataGroup JSONL, with an HTML report beside it.")
final class ProcessCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ENV")
  String env;

  @Mixin
  EnvOptions envOptions = new EnvOptions();

  @Mixin
  ModelOptions modelOptions = new ModelOptions();

  @Option(names = {"-n", "--groups"}, paramLabel = "N", defaultValue = "3", description = "Items (one group each) (default: ${DEFAULT-VALUE}).")
  int groups;

  @Option(names = {"-g", "--group"}, paramLabel = "G", description = "Rollouts per group (default: the environment's).")
  Integer groupSize;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Output JSONL (default: data/<env>.jsonl).")
  Path out;

  @Option(names = "--fresh", description = "Start the rollouts over instead of resuming the ones in <out>.rollouts.jsonl.")
  boolean fresh;

  @Override
  public Integer call() throws Exception {
    Environment environment = envOptions.load(env);
    ChatModel model = modelOptions.create(environment);
    Path file = out != null ? out : Path.of("data", environment.config().name() + ".jsonl");
    Path rollouts = file.resolveSibling(file.getFileName().toString().replaceAll("\\.jsonl$", "") + ".rollouts.jsonl");
    if (fresh) {
      Files.deleteIfExists(rollouts);
    }
    RunSummary s;
    try (SandboxProvider sandboxes = envOptions.sandboxes(environment); model) {
      ProgressPrinter progress = ProgressPrinter.forConsole(System.out);
      modelOptions.retries.forwardTo(progress);
      s = RolloutRunner.builder(environment, model).sandboxes(sandboxes).items(groups).groupSize(groupSize)
          .output(rollouts).listener(progress).build().run();
      progress.finish();
    }
    io.envbook.util.FilePaths.createParents(file);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (RolloutGroup g : s.groups()) {
        w.write(Json.write(ScoredDataGroups.toJson(g)));
        w.write('\n');
      }
    }
    Path html = file.resolveSibling(file.getFileName().toString().replaceAll("\\.jsonl$", "") + ".html");
    HtmlReport.write("Rendered Messages - " + file.getFileName(), s.groups(), html);
    System.out.println("wrote " + s.groups().size() + " groups to " + file + ", the report to " + html + ", the rollouts to " + rollouts);
    return SummaryPrinter.exitCode(s);
  }
}
