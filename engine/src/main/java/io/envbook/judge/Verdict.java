package io.envbook.judge;

import io.envbook.model.Usage;
import java.util.Objects;

/**
 * What an LLM judge said about one answer: its score (0 to 1), its verdict in a word or two, its
 * reasoning, which model judged, the tokens it took (over all attempts) and how many attempts it
 * took to get a well-formed answer. Kept in the rollout beside the reward it went into.
 */
public record Verdict(String model, double score, String verdict, String reasoning, Usage usage, int attempts) {
  public Verdict {
    Objects.requireNonNull(model, "model == null");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("a verdict's score must be a number, got NaN");
    }
    verdict = verdict == null ? "" : verdict;
    reasoning = reasoning == null ? "" : reasoning;
    usage = usage == null ? Usage.NONE : usage;
  }
}
