package io.envbook.env;

import java.util.Map;

/** Metrics an environment's {@link Environment#evaluate()} produced, by name. */
public record EvalReport(Map<String, Double> metrics) {
  public static final EvalReport NONE = new EvalReport(Map.of());

  public EvalReport {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics)); // keeps the order given
  }
}
