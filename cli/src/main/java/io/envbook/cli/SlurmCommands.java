package io.envbook.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's own commands, as a user types them: {@code sbatch --parsable} to submit, {@code squeue}
 * (then {@code sacct}, once squeue has forgotten the job) for the array tasks' states, {@code scancel}.
 * They read the cluster's config as they always do ({@code SLURM_CONF} or {@code /etc/slurm}).
 */
final class SlurmCommands {
  /** States after which a task runs no more. */
  static final List<String> FINAL = List.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED",
      "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT");

  private SlurmCommands() {}

  /** Whether {@code sbatch} is on the PATH. */
  static boolean sbatchFound() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "sbatch"))) {
        return true;
      }
    }
    return false;
  }

  /** Submits {@code script} and returns the job's id. */
  static String submit(Path script) throws IOException, InterruptedException {
    Output o = run(List.of("sbatch", "--parsable", script.toString()));
    if (o.code != 0 || o.stdout.isBlank()) {
      throw new IOException("sbatch refused the job array (exit " + o.code + "): " + oneLine(o.stderr + o.stdout));
    }
    String id = o.stdout.strip().lines().reduce((a, b) -> b).orElseThrow();
    int semicolon = id.indexOf(';'); // "id;cluster" on a federation
    return semicolon < 0 ? id : id.substring(0, semicolon);
  }

  /**
   * The state of each array task Slurm knows, by task index: squeue's while the job is in the
   * controller's memory (finished tasks included), else sacct's; empty when neither knows the job,
   * null when squeue did not answer (the controller is busy or restarting: ask again).
   */
  static Map<Integer, String> states(String jobId) throws IOException, InterruptedException {
    Map<Integer, String> states = new TreeMap<>();
    Output q = run(List.of("squeue", "-h", "-r", "-t", "all", "-j", jobId, "-o", "%K|%T"));
    parse(q.stdout, states);
    if (states.isEmpty()) {
      Output a = run(List.of("sacct", "-n", "-P", "-X", "-j", jobId, "-o", "JobID,State"));
      if (a.code == 0) {
        for (String line : a.stdout.lines().toList()) {
          int u = line.indexOf('_');
          if (u > 0) {
            parse(line.substring(u + 1), states);
          }
        }
      }
      // squeue fails on a job id the controller has forgotten: that is "unknown", not "no answer"
      if (states.isEmpty() && q.code != 0 && !q.stderr.contains("Invalid job id")) {
        return null;
      }
    }
    return states;
  }

  /** Cancels every task of the job that has not finished. */
  static void cancel(String jobId) throws IOException, InterruptedException {
    run(List.of("scancel", jobId));
  }

  private static void parse(String text, Map<Integer, String> states) {
    for (String line : text.lines().toList()) {
      String[] f = line.strip().split("\\|");
      if (f.length >= 2 && f[0].matches("\\d+")) {
        // sacct says "CANCELLED by 0"
        states.put(Integer.parseInt(f[0]), f[1].split(" ")[0]);
      }
    }
  }

  private record Output(int code, String stdout, String stderr) {}

  private static Output run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(command)).start();
    p.getOutputStream().close();
    var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command.get(0) + " did not answer within 60 s");
    }
    return new Output(p.exitValue(), stdout, stderr.join());
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\n\\s*", "; ");
  }
}
