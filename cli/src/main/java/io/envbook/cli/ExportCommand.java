package io.envbook.cli;

import io.envbook.export.SftExport;
import io.envbook.export.SftFilter;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code envbook export}: SFT data from saved rollouts, filtered by reward. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write SFT data (ShareGPT or OpenAI messages JSONL) from saved rollouts, filtered by reward.")
final class ExportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ROLLOUTS", description = "A rollout file written by run, eval or process.")
  Path from;

  @Option(names = {"-f", "--format"}, defaultValue = "sharegpt", description = "sharegpt or openai (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--min-reward", paramLabel = "R", defaultValue = "1.0", description = "Keep rollouts with reward >= R (default: ${DEFAULT-VALUE}).")
  double minReward;

  @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Keep the K best per item; 0 keeps all (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--no-dedup", description = "Keep identical conversations more than once.")
  boolean noDedup;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "The JSONL file to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(from)) {
      throw new UsageException("rollout file " + from + " does not exist");
    }
    SftExport.Format f;
    try {
      f = SftExport.Format.parse(format);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    List<Rollout> rollouts = RolloutFile.read(from).rollouts();
    int n = SftExport.write(rollouts, new SftFilter(minReward, topK, !noDedup), f, List.of(), out);
    System.out.println("exported " + n + " of " + rollouts.size() + " rollouts to " + out + " (" + format + ")");
    return 0;
  }
}
