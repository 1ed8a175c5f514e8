package io.envbook.atropos;

import tools.jackson.databind.JsonNode;

/**
 * How many groups may be under way, from one {@code /status-env} answer, with the arithmetic of
 * Atropos' {@code BaseEnv} ({@code derived_batch_size}, {@code env_manager}, {@code add_train_workers}).
 * "Under way" counts, as BaseEnv's workers do, every group from its start until its post is
 * answered: running, scored and waiting to be sent, or being sent.
 *
 * <pre>{@code
 * Throttle t = new Throttle(settings, 12);
 * int more = t.workers(Throttle.Status.of(json), evaluating) - underWay;
 * }</pre>
 */
final class Throttle {
  private final ServeSettings settings;
  private final int batchSize;

  /** One {@code /status-env} answer; {@code queueSize} and {@code selfQueueSize} count groups of this environment's size. */
  record Status(int currentStep, int queueSize, double unallocatedFraction, int selfQueueSize, int maxGroupSize) {
    static Status of(JsonNode json) {
      return new Status(json.path("current_step").asInt(0), json.path("queue_size").asInt(0),
          json.path("unallocated_fraction").asDouble(1.0), json.path("self_queue_size").asInt(0),
          Math.max(1, json.path("max_group_size").asInt(1)));
    }
  }

  Throttle(ServeSettings settings, int batchSize) {
    this.settings = settings;
    this.batchSize = batchSize;
  }

  /** This environment's share of a batch: the unallocated fraction, plus its own minimum. */
  int derivedBatchSize(Status s) {
    Double min = settings.minBatchAllocation();
    return (int) (batchSize * (s.unallocatedFraction() + (min == null ? 0 : min)));
  }

  /**
   * The trainer's queue holds {@code maxBatchesOffPolicy} batches and this environment's minimum
   * share, if it claims one, is queued: start nothing.
   */
  boolean queueFull(Status s) {
    int group = settings.groupSize();
    boolean full = settings.maxBatchesOffPolicy() > 0 && s.queueSize() * group >= settings.maxBatchesOffPolicy() * batchSize;
    Double min = settings.minBatchAllocation();
    if (full && min != null) {
      int mg = s.maxGroupSize();
      long minimumGroups = (long) Math.ceil(min * batchSize * settings.maxBatchesOffPolicy() / mg) * (mg / group);
      full = minimumGroups - s.selfQueueSize() <= 0;
    }
    return full;
  }

  /** How many groups may be under way now; {@code evaluating} applies the evaluation handling. */
  int workers(Status s, boolean evaluating) {
    if (queueFull(s)) {
      return 0;
    }
    int max = settings.maxWorkers();
    if (evaluating) {
      max = switch (settings.evalHandling()) {
        case STOP_TRAIN -> 0;
        case LIMIT_TRAIN -> (int) (settings.maxWorkers() * settings.evalLimitRatio());
        case NONE -> settings.maxWorkers();
      };
      if (max == 0) {
        return 0;
      }
    }
    int group = settings.groupSize();
    int allowed = Math.min(max, settings.maxBatchesOffPolicy() * derivedBatchSize(s) / group - s.queueSize());
    Double min = settings.minBatchAllocation();
    if (min != null) {
      allowed = Math.max(allowed, minimumToFillOwnQueue(s, min));
    }
    return Math.max(0, allowed);
  }

  /** BaseEnv's {@code min_workers_to_fill_self_queue}: groups needed until this environment's minimum share is queued. */
  private int minimumToFillOwnQueue(Status s, double min) {
    int group = settings.groupSize();
    int mg = s.maxGroupSize();
    double wantedSequences = (Math.ceil(min * batchSize * settings.maxBatchesOffPolicy() / mg) + mg / group) * mg;
    double queuedSequences = Math.floor(mg * s.selfQueueSize() / (mg / (double) group));
    return (int) Math.max(0, Math.ceil((wantedSequences - queuedSequences) / group));
  }

  /**
   * The trainer will be done once the queued batches are taken: BaseEnv stops when
   * {@code current_step + queue_size × group_size / batch_size} passes the total steps.
   */
  boolean trainerDone(Status s, int totalSteps) {
    return totalSteps > 0 && s.currentStep() + s.queueSize() * settings.groupSize() / batchSize > totalSteps;
  }
}
