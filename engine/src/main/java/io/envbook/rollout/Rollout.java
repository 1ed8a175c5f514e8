package io.envbook.rollout;

import io.envbook.env.Reward;
import io.envbook.loop.StopReason;
import io.envbook.loop.ToolError;
import io.envbook.model.Message;
import io.envbook.model.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One finished (or failed) rollout: which item and sample it was, the whole conversation, the reward
 * and its parts, why the loop stopped, tool errors, token usage, timings, the seed its requests sent
 * (when the run had one), and an error when it failed.
 * A rollout is {@code ok} unless the model failed or the reward function threw; a failed rollout still
 * carries everything that was produced before the failure.
 */
public record Rollout(
    String env,
    String model,
    int itemIndex,
    String itemId,
    int sample,
    Map<String, Object> item,
    List<Message> messages,
    Reward reward,
    int turns,
    StopReason stopReason,
    List<ToolError> toolErrors,
    Usage usage,
    Instant startedAt,
    long durationMs,
    long rewardMs,
    String error,
    Tokens tokens,
    Long seed) {

  public Rollout {
    Objects.requireNonNull(env, "env == null");
    Objects.requireNonNull(itemId, "itemId == null");
    item = item == null ? Map.of() : item;
    messages = List.copyOf(messages);
    reward = reward == null ? Reward.ZERO : reward;
    toolErrors = List.copyOf(toolErrors == null ? List.of() : toolErrors);
    usage = usage == null ? Usage.NONE : usage;
  }

  /** A rollout without a seed. */
  public Rollout(String env, String model, int itemIndex, String itemId, int sample, Map<String, Object> item, List<Message> messages,
      Reward reward, int turns, StopReason stopReason, List<ToolError> toolErrors, Usage usage, Instant startedAt, long durationMs,
      long rewardMs, String error, Tokens tokens) {
    this(env, model, itemIndex, itemId, sample, item, messages, reward, turns, stopReason, toolErrors, usage, startedAt, durationMs,
        rewardMs, error, tokens, null);
  }

  /** A rollout without token data (chat API). */
  public Rollout(String env, String model, int itemIndex, String itemId, int sample, Map<String, Object> item, List<Message> messages,
      Reward reward, int turns, StopReason stopReason, List<ToolError> toolErrors, Usage usage, Instant startedAt, long durationMs,
      long rewardMs, String error) {
    this(env, model, itemIndex, itemId, sample, item, messages, reward, turns, stopReason, toolErrors, usage, startedAt, durationMs,
        rewardMs, error, null, null);
  }

  /**
   * The exact token sequence of a token-mode rollout: ids, masks ({@code -100} where not trained) and
   * logprobs, all the same length.
   */
  public record Tokens(List<Integer> ids, List<Integer> masks, List<Double> logprobs) {
    public Tokens {
      ids = List.copyOf(ids);
      masks = List.copyOf(masks);
      logprobs = List.copyOf(logprobs);
    }
  }

  public RolloutKey key() {
    return new RolloutKey(itemIndex, itemId, sample);
  }

  /** False when the model failed or the reward function threw. */
  public boolean ok() {
    return error == null;
  }

  public double score() {
    return reward.value();
  }

  public boolean finishedNaturally() {
    return stopReason == StopReason.NATURAL;
  }

  /** The content of the last assistant message, or "". */
  public String finalText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("assistant")) {
        String c = messages.get(i).content();
        return c == null ? "" : c;
      }
    }
    return "";
  }

  /** What can still be recorded when the whole record cannot: the rollout's key and timings, failed with {@code newError}. */
  public Rollout stripped(String newError) {
    return new Rollout(env, model, itemIndex, itemId, sample, Map.of(), List.of(), Reward.ZERO, turns, stopReason, List.of(), usage,
        startedAt, durationMs, rewardMs, newError, null);
  }

  /** The same rollout with another reward (used by rescoring). */
  public Rollout withReward(Reward newReward, String newError) {
    return new Rollout(env, model, itemIndex, itemId, sample, item, messages, newReward, turns, stopReason, toolErrors,
        usage, startedAt, durationMs, rewardMs, newError, tokens, seed);
  }
}
