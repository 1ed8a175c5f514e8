package io.envbook.atropos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The throttle's arithmetic, case by case as Atropos' BaseEnv computes it (figures worked out from its formulas). */
class ThrottleTest {
  private static Throttle.Status status(int step, int queue, double unallocated, int selfQueue, int maxGroupSize) {
    return new Throttle.Status(step, queue, unallocated, selfQueue, maxGroupSize);
  }

  private static ServeSettings.Builder group4() {
    return ServeSettings.builder(4).maxWorkers(8).maxBatchesOffPolicy(3);
  }

  @Test
  void withoutAMinimumTheQueueMayHoldMaxBatchesOffPolicyBatches() {
    Throttle t = new Throttle(group4().build(), 12); // 3 × 12 / 4 = 9 groups
    assertThat(t.workers(status(0, 0, 1.0, 0, 4), false)).as("capped by the workers").isEqualTo(8);
    assertThat(t.workers(status(0, 7, 1.0, 7, 4), false)).isEqualTo(2);
    assertThat(t.queueFull(status(0, 9, 1.0, 9, 4))).isTrue();
    assertThat(t.workers(status(0, 9, 1.0, 9, 4), false)).isZero();
  }

  @Test
  void anotherEnvironmentsMinimumShrinksThisOnesShareOfABatch() {
    Throttle t = new Throttle(group4().build(), 12);
    assertThat(t.derivedBatchSize(status(0, 0, 0.5, 0, 4))).isEqualTo(6);
    assertThat(t.workers(status(0, 1, 0.5, 1, 4), false)).as("3 × 6 / 4 = 4 groups, 1 queued").isEqualTo(3);
  }

  @Test
  void aMinimumAllocationFillsItsOwnShareEvenWhenOthersFilledTheQueue() {
    Throttle t = new Throttle(ServeSettings.builder(4).maxWorkers(8).maxBatchesOffPolicy(2).minBatchAllocation(0.25).build(), 16);
    // others hold 10 groups: full for everyone, but 2 of this environment's groups are missing
    assertThat(t.queueFull(status(0, 10, 0.75, 0, 4))).isFalse();
    assertThat(t.workers(status(0, 10, 0.75, 0, 4), false)).as("(ceil(0.25·16·2/4) + 1) · 4 = 12 sequences = 3 groups").isEqualTo(3);
    assertThat(t.queueFull(status(0, 10, 0.75, 2, 4))).as("its 2 groups are queued").isTrue();
  }

  @Test
  void anEvaluationStopsOrLimitsTraining() {
    assertThat(new Throttle(group4().build(), 12).workers(status(0, 0, 1.0, 0, 4), true)).isZero();
    Throttle limited = new Throttle(group4().evalHandling(ServeSettings.EvalHandling.LIMIT_TRAIN).evalLimitRatio(0.5).build(), 12);
    assertThat(limited.workers(status(0, 0, 1.0, 0, 4), true)).isEqualTo(4);
    Throttle none = new Throttle(group4().evalHandling(ServeSettings.EvalHandling.NONE).build(), 12);
    assertThat(none.workers(status(0, 0, 1.0, 0, 4), true)).isEqualTo(8);
  }

  @Test
  void theTrainerIsDoneWhenItsStepAndTheQueuedBatchesPassTheTotal() {
    Throttle t = new Throttle(group4().build(), 12);
    assertThat(t.trainerDone(status(9, 4, 1.0, 4, 4), 10)).as("9 + 16 / 12 = 10 steps").isFalse();
    assertThat(t.trainerDone(status(9, 6, 1.0, 6, 4), 10)).as("9 + 24 / 12 = 11 steps").isTrue();
    assertThat(t.trainerDone(status(900, 6, 1.0, 6, 4), -1)).as("no total").isFalse();
  }
}
