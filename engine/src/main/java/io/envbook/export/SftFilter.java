package io.envbook.export;

import io.envbook.json.Json;
import io.envbook.model.MessageCodec;
import io.envbook.rollout.Rollout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses which rollouts become SFT examples: only rollouts that did not fail, with reward at least
 * {@code minReward}, at most {@code topKPerGroup} per item (best first; 0 keeps all), and, with
 * {@code dedup}, each distinct conversation once.
 *
 * <pre>{@code
 * List<Rollout> keep = new SftFilter(1.0, 1, true).apply(rollouts);
 * }</pre>
 */
public record SftFilter(double minReward, int topKPerGroup, boolean dedup) {
  public static final SftFilter ALL = new SftFilter(Double.NEGATIVE_INFINITY, 0, false);

  public SftFilter {
    if (topKPerGroup < 0) {
      throw new IllegalArgumentException("top-k per group must be 0 (all) or more, got " + topKPerGroup);
    }
  }

  public List<Rollout> apply(List<Rollout> rollouts) {
    Map<String, List<Rollout>> groups = new LinkedHashMap<>();
    for (Rollout r : rollouts) {
      if (r.ok() && r.score() >= minReward) {
        groups.computeIfAbsent(r.itemIndex() + ":" + r.itemId(), k -> new ArrayList<>()).add(r);
      }
    }
    List<Rollout> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (List<Rollout> g : groups.values()) {
      List<Rollout> sorted = new ArrayList<>(g);
      sorted.sort(Comparator.comparingDouble(Rollout::score).reversed().thenComparingInt(Rollout::sample));
      int kept = 0;
      for (Rollout r : sorted) {
        if (topKPerGroup > 0 && kept == topKPerGroup) {
          break;
        }
        if (dedup && !seen.add(Json.write(MessageCodec.toJson(r.messages())))) {
          continue;
        }
        out.add(r);
        kept++;
      }
    }
    return out;
  }
}
