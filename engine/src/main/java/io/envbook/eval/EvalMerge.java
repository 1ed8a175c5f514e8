package io.envbook.eval;

import io.envbook.json.Json;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.Shard;
import io.envbook.rollout.ShardMerge;
import io.envbook.rollout.ShardMerge.Refused;
import io.envbook.rollout.TokenTotals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts the folders of a sharded benchmark ({@code eval --shard I/N}) back together: their
 * {@code samples.jsonl} as {@link ShardMerge} does, and the {@code metrics.json} one process would
 * have written, computed again from all the samples: the same numbers, the environment's own
 * {@code evaluate} metrics (which only shard 0 runs), and as total time the longest shard's. A shard
 * folder's {@code metrics.json} records what this needs under {@code shard} ({@link #shardFacts}).
 *
 * <pre>{@code
 * EvalMerge.Result r = EvalMerge.merge(List.of(Path.of("evals/x/shard-0-of-2"), Path.of("evals/x/shard-1-of-2")), Path.of("evals/x"));
 * r.metrics().passAtK();
 * }</pre>
 */
public final class EvalMerge {
  static final String SAMPLES = "samples.jsonl";
  static final String METRICS = "metrics.json";

  private EvalMerge() {}

  /** What a merge wrote: the samples' merge, the metrics, the environment's own metrics, the total time. */
  public record Result(ShardMerge.Result samples, BenchmarkMetrics metrics, Map<String, Double> envMetrics, double seconds) {}

  /** What a shard's {@code metrics.json} records for merging: the shard, the pass threshold, the environment's own metrics. */
  public static ObjectNode shardFacts(Shard shard, double passThreshold, Map<String, Double> envMetrics) {
    ObjectNode o = Json.object().put("index", shard.index()).put("count", shard.count()).put("pass_threshold", passThreshold);
    ObjectNode own = o.putObject("env_evaluate");
    envMetrics.forEach(own::put);
    return o;
  }

  public static Result merge(List<Path> folders, Path out) throws IOException {
    List<Path> samples = new ArrayList<>();
    ObjectNode first = null;
    ObjectNode zero = null;
    double seconds = 0;
    for (Path dir : folders) {
      if (!Files.isRegularFile(dir.resolve(SAMPLES))) {
        throw new Refused(dir + " holds no " + SAMPLES + ": merge takes the folders that `eval --shard I/N` wrote");
      }
      if (!Files.isRegularFile(dir.resolve(METRICS))) {
        throw new Refused(dir + " holds no " + METRICS + ": its eval did not finish; run its command again (same --shard) to finish it,"
            + " then merge");
      }
      ObjectNode m = (ObjectNode) Json.parse(Files.readString(dir.resolve(METRICS)));
      JsonNode shard = m.get("shard");
      if (shard == null || !shard.isObject()) {
        throw new Refused(dir + " is not a shard's folder (its " + METRICS + " records no shard): merge takes the folders that"
            + " `eval --shard I/N` wrote");
      }
      if (first != null && first.get("shard").get("pass_threshold").asDouble() != shard.get("pass_threshold").asDouble()) {
        throw new Refused(dir + " used --pass-threshold " + shard.get("pass_threshold").asDouble() + " but " + folders.get(0) + " "
            + first.get("shard").get("pass_threshold").asDouble() + ": run every shard with the same --pass-threshold");
      }
      first = first == null ? m : first;
      zero = shard.get("index").asInt() == 0 ? m : zero;
      seconds = Math.max(seconds, Double.parseDouble(m.path("config_general").path("total_evaluation_time_seconds").asString("0")));
      samples.add(dir.resolve(SAMPLES));
    }
    ShardMerge.Result merged = ShardMerge.merge(samples, out.resolve(SAMPLES));
    List<Rollout> rollouts = merged.rollouts();
    int group = Integer.parseInt(merged.provenance().run().getOrDefault("group_size", "1"));
    double threshold = first.get("shard").get("pass_threshold").asDouble();
    BenchmarkMetrics all = BenchmarkMetrics.of(rollouts, BenchmarkMetrics.passKs(group), threshold, BenchmarkMetrics::categoryField);
    Map<String, Double> own = new LinkedHashMap<>();
    zero.get("shard").path("env_evaluate").properties().forEach(e -> own.put(e.getKey(), e.getValue().asDouble()));
    ObjectNode general = (ObjectNode) zero.get("config_general").deepCopy();
    general.put("total_evaluation_time_seconds", String.valueOf(seconds));
    MetricsFile.write(out.resolve(METRICS), merged.provenance().environment().get("name"), general, all, own, TokenTotals.of(rollouts), null);
    return new Result(merged, all, own, seconds);
  }
}
