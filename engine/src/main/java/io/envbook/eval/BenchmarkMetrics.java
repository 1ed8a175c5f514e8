package io.envbook.eval;

import io.envbook.rollout.Rollout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Benchmark numbers over a set of rollouts with several samples per item: mean reward with its
 * standard error (over items, each item's samples averaged first, so items weigh the same), pass@k
 * for each requested k, and the same per category. A sample passes when its reward reaches the pass
 * threshold. Failed rollouts (model or reward errors) are counted and scored as they were recorded.
 */
public record BenchmarkMetrics(
    int items, int samples, int failed, double meanReward, double stderr, Map<Integer, Double> passAtK,
    Map<String, BenchmarkMetrics> categories) {

  /** Computes the metrics; {@code category} names an item's category, or returns null. */
  public static BenchmarkMetrics of(List<Rollout> rollouts, List<Integer> ks, double passThreshold,
      Function<Rollout, String> category) {
    BenchmarkMetrics all = compute(rollouts, ks, passThreshold);
    Map<String, List<Rollout>> byCat = new TreeMap<>();
    for (Rollout r : rollouts) {
      String c = category.apply(r);
      if (c != null) {
        byCat.computeIfAbsent(c, x -> new ArrayList<>()).add(r);
      }
    }
    Map<String, BenchmarkMetrics> cats = new LinkedHashMap<>();
    byCat.forEach((c, rs) -> cats.put(c, compute(rs, ks, passThreshold)));
    return new BenchmarkMetrics(all.items, all.samples, all.failed, all.meanReward, all.stderr, all.passAtK, cats);
  }

  /** The k of pass@k a benchmark of {@code epochs} samples per item reports: 1, and {@code epochs} when more than 1. */
  public static List<Integer> passKs(int epochs) {
    return epochs > 1 ? List.of(1, epochs) : List.of(1);
  }

  /** The category of a rollout from its item's {@code category} field. */
  public static String categoryField(Rollout r) {
    Object c = r.item().get("category");
    return c == null ? null : c.toString();
  }

  private static BenchmarkMetrics compute(List<Rollout> rollouts, List<Integer> ks, double passThreshold) {
    Map<String, List<Rollout>> byItem = rollouts.stream()
        .collect(Collectors.groupingBy(r -> r.itemIndex() + ":" + r.itemId(), LinkedHashMap::new, Collectors.toList()));
    int items = byItem.size();
    double[] itemMeans = byItem.values().stream().mapToDouble(rs -> rs.stream().mapToDouble(Rollout::score).average().orElse(0)).toArray();
    double mean = java.util.Arrays.stream(itemMeans).average().orElse(0);
    double var = items < 2 ? 0 : java.util.Arrays.stream(itemMeans).map(m -> (m - mean) * (m - mean)).sum() / (items - 1);
    Map<Integer, Double> pass = new LinkedHashMap<>();
    for (int k : ks) {
      double sum = 0;
      int counted = 0;
      for (List<Rollout> rs : byItem.values()) {
        if (rs.size() >= k) {
          int c = (int) rs.stream().filter(r -> r.score() >= passThreshold).count();
          sum += PassAtK.estimate(rs.size(), c, k);
          counted++;
        }
      }
      if (counted > 0) {
        pass.put(k, sum / counted);
      }
    }
    int failed = (int) rollouts.stream().filter(r -> !r.ok()).count();
    return new BenchmarkMetrics(items, rollouts.size(), failed, mean, Math.sqrt(var / Math.max(1, items)), pass, Map.of());
  }

  /** A flat name → value map, as Atropos' {@code metrics.json} holds (e.g. {@code eval/pass@1}). */
  public Map<String, Double> flat() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("eval/mean_reward", meanReward);
    m.put("eval/mean_reward_stderr", stderr);
    passAtK.forEach((k, v) -> m.put("eval/pass@" + k, v));
    m.put("eval/num_items", (double) items);
    m.put("eval/num_samples", (double) samples);
    m.put("eval/num_failed", (double) failed);
    categories.forEach((c, cm) -> {
      m.put("eval/mean_reward_" + c, cm.meanReward);
      cm.passAtK.forEach((k, v) -> m.put("eval/pass@" + k + "_" + c, v));
    });
    return m;
  }
}
