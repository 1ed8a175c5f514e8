package io.envbook.eval;

import io.envbook.env.EnvConfig;
import io.envbook.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@code metrics.json} as Atropos' {@code evaluate_log} did: {@code config_general} (model,
 * total time as a string, generation parameters) and {@code results} under {@code atropos|<task>|0}
 * and {@code all}.
 */
public final class MetricsFile {
  private MetricsFile() {}

  public static void write(Path file, String task, String model, Instant start, Instant end, BenchmarkMetrics metrics,
      EnvConfig config) throws IOException {
    write(file, task, model, start, end, metrics, config, java.util.Map.of());
  }

  /**
   * As above, with the metrics of the environment's own {@code evaluate} beside the benchmark's; one
   * whose name the benchmark already uses is written as {@code env_evaluate/<name>}.
   */
  public static void write(Path file, String task, String model, Instant start, Instant end, BenchmarkMetrics metrics,
      EnvConfig config, java.util.Map<String, Double> envMetrics) throws IOException {
    write(file, task, model, start, end, metrics, config, envMetrics, null);
  }

  /** As above, with the tokens the run spent by role and per item under {@code usage}. */
  public static void write(Path file, String task, String model, Instant start, Instant end, BenchmarkMetrics metrics,
      EnvConfig config, java.util.Map<String, Double> envMetrics, io.envbook.rollout.TokenTotals tokens) throws IOException {
    write(file, task, general(model, Duration.between(start, end), config), metrics, envMetrics, tokens, null);
  }

  /** {@code config_general}: the model, the total time in seconds (as a string, as Atropos wrote it), the generation parameters. */
  public static ObjectNode general(String model, Duration took, EnvConfig config) {
    ObjectNode general = Json.object();
    general.put("model_name", model);
    general.put("total_evaluation_time_seconds", String.valueOf(took.toMillis() / 1000.0));
    ObjectNode gen = general.putObject("generation_parameters");
    gen.put("max_new_tokens", config.maxTokensPerCall());
    gen.put("temperature", config.temperature());
    gen.put("max_turns", config.limits().maxTurns());
    return general;
  }

  /**
   * Writes the file from its parts: {@code general} as {@link #general} makes it, the metrics, the
   * environment's own ones, the tokens ({@code null}: none) and what a shard records for merging
   * ({@code null}: a whole run).
   */
  public static void write(Path file, String task, ObjectNode general, BenchmarkMetrics metrics, java.util.Map<String, Double> envMetrics,
      io.envbook.rollout.TokenTotals tokens, ObjectNode shard) throws IOException {
    ObjectNode root = Json.object();
    root.set("config_general", general);
    ObjectNode results = root.putObject("results");
    ObjectNode values = Json.object();
    metrics.flat().forEach(values::put);
    // the environment's own metrics never hide the benchmark's: a clashing name is written prefixed
    envMetrics.forEach((k, v) -> values.put(values.has(k) ? "env_evaluate/" + k : k, v));
    results.set("atropos|" + task + "_eval|0", values);
    results.set("all", values.deepCopy());
    if (tokens != null) {
      root.set("usage", tokens.toJson());
    }
    if (shard != null) {
      root.set("shard", shard);
    }
    io.envbook.util.FilePaths.createParents(file);
    Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
  }
}
