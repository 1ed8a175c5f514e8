package io.envbook.model.cache;

import java.util.List;

/**
 * What the cache did in a run: calls answered from it, calls sent to the model (misses, and calls
 * refreshed on purpose), and why the first misses missed.
 */
public record CacheStats(long hits, long misses, long refreshed, List<String> missReasons) {
  public CacheStats {
    missReasons = List.copyOf(missReasons);
  }

  /** One line: {@code 12 hits, 2 misses}. */
  public String summary() {
    return hits + (hits == 1 ? " hit, " : " hits, ") + misses + (misses == 1 ? " miss" : " misses")
        + (refreshed > 0 ? ", " + refreshed + " refreshed" : "");
  }
}
