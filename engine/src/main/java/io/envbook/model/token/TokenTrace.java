package io.envbook.model.token;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The exact token sequence of one rollout in token mode: every token id, its training mask (the
 * token id for tokens the model generated, {@code -100} for prompt, tool results and template glue),
 * and its logprob ({@code 1.0} where the model did not generate it or the server gave none, as
 * Hermes and Atropos do).
 * {@code prefixResets} counts turns whose prompt did not extend the previous sequence (the chat
 * template rendered the history differently), after which the sequence restarts from that prompt.
 */
public final class TokenTrace {
  public static final int MASKED = -100;
  private final List<Integer> tokens = new ArrayList<>();
  private final List<Integer> masks = new ArrayList<>();
  private final List<Double> logprobs = new ArrayList<>();
  private int prefixResets;

  /** Adds a turn's prompt: only the part beyond what the sequence already holds, masked. */
  synchronized void prompt(List<Integer> promptTokens) {
    boolean extends_ = promptTokens.size() >= tokens.size() && promptTokens.subList(0, tokens.size()).equals(tokens);
    if (!extends_) {
      prefixResets++;
      tokens.clear();
      masks.clear();
      logprobs.clear();
    }
    for (int t : promptTokens.subList(tokens.size(), promptTokens.size())) {
      tokens.add(t);
      masks.add(MASKED);
      logprobs.add(1.0);
    }
  }

  /** Adds what the model generated: trainable. */
  synchronized void completion(List<Integer> ids, List<Double> lps) {
    for (int i = 0; i < ids.size(); i++) {
      tokens.add(ids.get(i));
      masks.add(ids.get(i));
      logprobs.add(i < lps.size() ? lps.get(i) : 1.0); // unknown: Atropos' placeholder
    }
  }

  public synchronized List<Integer> tokens() {
    return Collections.unmodifiableList(new ArrayList<>(tokens));
  }

  public synchronized List<Integer> masks() {
    return Collections.unmodifiableList(new ArrayList<>(masks));
  }

  public synchronized List<Double> logprobs() {
    return Collections.unmodifiableList(new ArrayList<>(logprobs));
  }

  public synchronized int prefixResets() {
    return prefixResets;
  }
}
