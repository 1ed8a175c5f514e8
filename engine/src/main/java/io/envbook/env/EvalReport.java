package io.envbook.env;

import java.util.Map;

/** Metrics an environment's {@link Environment#evaluate()} produced, by name. */
public record EvalReport(Map<String, Double> metrics) {
  public static final EvalReport NONE = new EvalReport(Map.of());

  public EvalReport {
    metrics = Map.copyOf(metrics);
  }
}
