package io.envbook.cli;

import io.envbook.eval.EvalMerge;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code envbook eval ... --slurm --shards N}: writes the job array's batch script, submits it with
 * {@code sbatch}, waits for every task (cancelling the job on Ctrl-C), names the tasks that failed
 * with their logs, then merges the shards into the eval folder as one process would have written it.
 * Submitted again after a failure, every task resumes its shard, so only what is missing runs.
 */
final class SlurmEval {
  private static final long FIRST_POLL_MS = 500;
  private static final long LAST_POLL_MS = 10_000;

  private final SlurmScript script;
  private final PrintStream out;

  SlurmEval(SlurmScript script, PrintStream out) {
    this.script = script;
    this.out = out;
  }

  /** The script of the eval {@code spec} parsed, with its output in {@code evalDir}. */
  static SlurmScript script(CommandSpec spec, SlurmOptions options, String envName, Path evalDir) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add(spec.name());
    command.addAll(taskArguments(spec));
    Path cwd = Path.of("").toAbsolutePath();
    return new SlurmScript("envbook-" + envName, options.shards, cwd, evalDir, options.sbatchArgs, command);
  }

  /** The command line's arguments after the subcommand, without the options only the submitter takes. */
  static List<String> taskArguments(CommandSpec spec) {
    List<String> original = spec.commandLine().getParseResult().originalArgs();
    int start = original.indexOf(spec.name()) + 1; // 0 when the arguments are the subcommand's alone
    List<String> kept = new ArrayList<>();
    for (int i = start; i < original.size(); i++) {
      String a = original.get(i);
      if (a.equals("--")) {
        kept.addAll(original.subList(i, original.size()));
        break;
      }
      OptionSpec o = submitterOnly(spec, a);
      if (o == null) {
        kept.add(a);
      } else if (o.arity().max() > 0 && !a.contains("=") && (a.startsWith("--") || a.length() == 2)) {
        i++; // its value is the next argument
      }
    }
    return kept;
  }

  private static OptionSpec submitterOnly(CommandSpec spec, String arg) {
    if (!arg.startsWith("-")) {
      return null;
    }
    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
    OptionSpec o = spec.findOption(name);
    if (o == null && !arg.startsWith("--") && arg.length() > 2) {
      o = spec.findOption(arg.substring(0, 2)); // -oDIR
    }
    return o != null && SlurmOptions.SUBMITTER_ONLY.contains(o.longestName()) ? o : null;
  }

  /** Prints the script; nothing is submitted. */
  int dryRun() {
    out.print(script.text());
    return 0;
  }

  /** Submits the array, waits for it and returns its job id when every task finished; else names those that did not and returns null. */
  String submitAndWait() throws IOException, InterruptedException {
    if (!SlurmCommands.sbatchFound()) {
      throw new UsageException("--slurm needs Slurm's sbatch on the PATH: run this on a Slurm login node, "
          + "or add --dry-run to print the batch script");
    }
    Files.createDirectories(script.logDir());
    Path file = script.logDir().resolve("envbook-eval.sbatch");
    Files.writeString(file, script.text());
    String job = SlurmCommands.submit(file);
    out.println("submitted Slurm job " + job + ": " + script.shards() + " shards of " + script.evalDir()
        + ", logs in " + script.logDir());
    AtomicBoolean done = new AtomicBoolean();
    Thread cancel = new Thread(() -> {
      if (!done.get()) {
        try {
          SlurmCommands.cancel(job);
          System.err.println("envbook: interrupted: cancelled Slurm job " + job);
        } catch (IOException | InterruptedException e) {
          System.err.println("envbook: interrupted, and scancel " + job + " failed (" + e.getMessage() + "): cancel it by hand");
        }
      }
    }, "envbook-scancel");
    Runtime.getRuntime().addShutdownHook(cancel); // Ctrl-C while waiting cancels the job
    Map<Integer, String> states;
    try {
      states = await(job);
    } finally {
      done.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(cancel);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
    List<Integer> failed = states.entrySet().stream().filter(e -> !e.getValue().equals("COMPLETED")).map(Map.Entry::getKey).toList();
    if (!failed.isEmpty()) {
      System.err.println("envbook: " + describe(job, failed, states));
      return null;
    }
    return job;
  }

  /**
   * Polls until no task of the job can run any more (backing off from 0.5 to 10 s) and returns their
   * final states. A task's last state seen is kept, since squeue forgets finished tasks after a while
   * (MinJobAge) while others still run.
   */
  private Map<Integer, String> await(String job) throws IOException, InterruptedException {
    Map<Integer, String> known = new TreeMap<>();
    long pause = FIRST_POLL_MS;
    String last = "";
    int silent = 0;
    int unseen = 0;
    while (true) {
      Map<Integer, String> states = SlurmCommands.states(job);
      if (states == null) {
        if (++silent == 30) {
          out.println("  slurm job " + job + ": squeue has not answered for a while; still asking");
        }
        Thread.sleep(LAST_POLL_MS);
        continue;
      }
      silent = 0;
      if (states.isEmpty() && (!known.isEmpty() || ++unseen == 30)) {
        out.println("  slurm job " + job + ": Slurm no longer knows the job (and has no accounting to ask): merging what its shards wrote");
        known.values().removeIf(state -> !SlurmCommands.FINAL.contains(state));
        return known;
      }
      known.putAll(states);
      String counts = known.values().stream().collect(Collectors.groupingBy(state -> state.toLowerCase(java.util.Locale.ROOT),
          TreeMap::new, Collectors.counting())).entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
          .collect(Collectors.joining(", "));
      if (!counts.equals(last)) {
        out.println("  slurm job " + job + ": " + counts);
        last = counts;
      }
      if (known.size() >= script.shards() && known.values().stream().allMatch(SlurmCommands.FINAL::contains)) {
        return known;
      }
      Thread.sleep(pause);
      pause = Math.min(LAST_POLL_MS, pause * 3 / 2);
    }
  }

  /** Merges the shards' folders into the eval folder, as {@code envbook merge} does. */
  EvalMerge.Result merge() throws IOException {
    List<Path> shards = new ArrayList<>();
    for (int i = 0; i < script.shards(); i++) {
      shards.add(script.shardDir(i));
    }
    return EvalMerge.merge(shards, script.evalDir());
  }

  /** One sentence: the failed shards, grouped by how they ended and what their stderr said last, with their logs. */
  private String describe(String job, List<Integer> failed, Map<Integer, String> states) {
    Map<String, List<Integer>> byEnd = new java.util.LinkedHashMap<>();
    for (int i : failed) {
      String why = reason(script.errorLog(i));
      String end = states.get(i).toLowerCase(java.util.Locale.ROOT) + (why.isEmpty() ? "" : " (" + why + ")");
      byEnd.computeIfAbsent(end, k -> new ArrayList<>()).add(i);
    }
    List<String> parts = new ArrayList<>();
    int shown = 0;
    for (Map.Entry<String, List<Integer>> e : byEnd.entrySet()) {
      if (++shown > 3) {
        int more = byEnd.values().stream().skip(3).mapToInt(List::size).sum();
        parts.add("and " + more + " more (their logs in " + script.logDir() + ")");
        break;
      }
      String end = e.getKey();
      List<Integer> shards = e.getValue();
      String list = shards.stream().map(String::valueOf).collect(Collectors.joining(","));
      parts.add(shards.size() == 1
          ? "shard " + list + " " + end + ", log " + script.errorLog(shards.get(0))
          : "shards " + list.replace(",", ", ") + " " + end + ", logs " + script.logDir().resolve("shard-{" + list + "}.err"));
    }
    return "Slurm job " + job + ": " + String.join("; ", parts) + "; run the same command again to re-run only the unfinished samples";
  }

  /** What envbook said went wrong (its last "envbook: " line), else the log's last line, else nothing. */
  private static String reason(Path log) {
    try {
      List<String> lines = Files.readAllLines(log).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
      return lines.stream().filter(l -> l.startsWith("envbook: ")).reduce((a, b) -> b)
          .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
    } catch (IOException e) {
      return "";
    }
  }
}
