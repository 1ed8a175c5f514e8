package io.envbook.atropos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ServeLoop} feeds a trainer; the names and defaults are those of Atropos'
 * {@code BaseEnvConfig} where it has one.
 *
 * <pre>{@code
 * ServeSettings s = ServeSettings.builder(4).maxWorkers(8).maxBatchesOffPolicy(3).build();
 * }</pre>
 *
 * @param groups stop after this many groups were started; 0 serves until stopped (or the trainer's steps are done)
 * @param groupSize rollouts per group
 * @param maxWorkers groups running at once ({@code max_num_workers})
 * @param maxBatchesOffPolicy how many of this environment's batches the trainer's queue may hold ({@code max_batches_offpolicy})
 * @param weight inference weight sent at registration
 * @param maxTokenLength sent at registration ({@code max_token_length})
 * @param sendEqualScores also send groups whose scores are all equal ({@code ensure_scores_are_not_same} false)
 * @param minBatchAllocation the minimum share of every batch claimed for this environment, or {@code null}
 * @param stepsPerEval run the environment's own evaluation every this many trainer steps; 0 never
 * @param evalHandling what training does while that evaluation runs
 * @param evalLimitRatio the share of workers kept under {@link EvalHandling#LIMIT_TRAIN}
 * @param cycle start the dataset again at its end, as Atropos environments do; otherwise stop there
 * @param totalSteps stop once the trainer is this many steps in (queued batches counted); 0 takes the trainer's {@code num_steps}, -1 never
 * @param drainTimeout on stop, how long running groups may take to finish and be posted
 * @param unsentFile where groups the API refused, or that could not be posted before the stop, are written (JSONL)
 */
public record ServeSettings(int groups, int groupSize, int maxWorkers, int maxBatchesOffPolicy, double weight, int maxTokenLength,
    boolean sendEqualScores, Double minBatchAllocation, int stepsPerEval, EvalHandling evalHandling, double evalLimitRatio,
    boolean cycle, int totalSteps, Duration drainTimeout, Path unsentFile) {

  /** What the loop does while the environment's own evaluation runs, as Atropos' {@code eval_handling}. */
  public enum EvalHandling {
    /** No new groups, and running ones are cancelled; their items run again after the evaluation. */
    STOP_TRAIN,
    /** At most {@code evalLimitRatio} of the workers. */
    LIMIT_TRAIN,
    /** Training goes on as usual. */
    NONE
  }

  public ServeSettings {
    Objects.requireNonNull(evalHandling, "evalHandling == null");
    Objects.requireNonNull(drainTimeout, "drainTimeout == null");
    Objects.requireNonNull(unsentFile, "unsentFile == null");
    if (groupSize < 1) {
      throw new IllegalArgumentException("group size must be at least 1, not " + groupSize);
    }
    if (maxWorkers < 1) {
      throw new IllegalArgumentException("max workers must be at least 1, not " + maxWorkers);
    }
  }

  public static Builder builder(int groupSize) {
    return new Builder(groupSize);
  }

  /** Defaults as Atropos' {@code BaseEnvConfig}: 8 workers, 3 batches off-policy, weight 1, 2048 tokens, no evaluation. */
  public static final class Builder {
    private final int groupSize;
    private int groups;
    private int maxWorkers = 8;
    private int maxBatchesOffPolicy = 3;
    private double weight = 1.0;
    private int maxTokenLength = 2048;
    private boolean sendEqualScores;
    private Double minBatchAllocation;
    private int stepsPerEval;
    private EvalHandling evalHandling = EvalHandling.STOP_TRAIN;
    private double evalLimitRatio = 0.5;
    private boolean cycle = true;
    private int totalSteps;
    private Duration drainTimeout = Duration.ofSeconds(60);
    private Path unsentFile = Path.of("serve-unsent.jsonl");

    private Builder(int groupSize) {
      this.groupSize = groupSize;
    }

    public Builder groups(int groups) {
      this.groups = groups;
      return this;
    }

    public Builder maxWorkers(int maxWorkers) {
      this.maxWorkers = maxWorkers;
      return this;
    }

    public Builder maxBatchesOffPolicy(int maxBatchesOffPolicy) {
      this.maxBatchesOffPolicy = maxBatchesOffPolicy;
      return this;
    }

    public Builder weight(double weight) {
      this.weight = weight;
      return this;
    }

    public Builder maxTokenLength(int maxTokenLength) {
      this.maxTokenLength = maxTokenLength;
      return this;
    }

    public Builder sendEqualScores(boolean sendEqualScores) {
      this.sendEqualScores = sendEqualScores;
      return this;
    }

    public Builder minBatchAllocation(Double minBatchAllocation) {
      this.minBatchAllocation = minBatchAllocation;
      return this;
    }

    public Builder stepsPerEval(int stepsPerEval) {
      this.stepsPerEval = stepsPerEval;
      return this;
    }

    public Builder evalHandling(EvalHandling evalHandling) {
      this.evalHandling = evalHandling;
      return this;
    }

    public Builder evalLimitRatio(double evalLimitRatio) {
      this.evalLimitRatio = evalLimitRatio;
      return this;
    }

    public Builder cycle(boolean cycle) {
      this.cycle = cycle;
      return this;
    }

    public Builder totalSteps(int totalSteps) {
      this.totalSteps = totalSteps;
      return this;
    }

    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = drainTimeout;
      return this;
    }

    public Builder unsentFile(Path unsentFile) {
      this.unsentFile = unsentFile;
      return this;
    }

    public ServeSettings build() {
      return new ServeSettings(groups, groupSize, maxWorkers, maxBatchesOffPolicy, weight, maxTokenLength, sendEqualScores,
          minBatchAllocation, stepsPerEval, evalHandling, evalLimitRatio, cycle, totalSteps, drainTimeout, unsentFile);
    }
  }
}
